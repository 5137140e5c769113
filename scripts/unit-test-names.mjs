// Every module of src/ with logic has a unit test of its own name: src/<path>.ts -> test/unit/<path>.test.ts
// (issue 25). Run by `npm run check`: node scripts/unit-test-names.mjs [root]. Prints each module without
// one and exits 1; the allowlist below names the modules that have no logic to test.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Modules without logic of their own, each read and judged so: re-exports, types, data-free entries.
const NO_LOGIC = new Map([
  // the library's surface: re-exports only
  ['src/index.ts', 're-exports'],
  // the bundle's entry: reads process.argv and hands it to cli/main.ts (covered end to end)
  ['src/cli/entry.ts', 'entry point'],
  // process.ppid, read once
  ['src/cli/startup.ts', 'one memoized read'],
  // a constant list of words and its type
  ['src/cli/subcommands.ts', 'constant'],
  // the models by tool name: one object of imports
  ['src/model/tools/index.ts', 're-exports'],
  // the model's types and the tool names
  ['src/model/tools/types.ts', 'types'],
  // what --fleet asks of a run: an interface
  ['src/model/fleet-plan.ts', 'types'],
  // an attempt's stdin when nothing is replayed: a constant object
  ['src/process/stdin-inherit.ts', 'constant'],
  // how a command is stopped by default: two constants (their use is tested with the settings' table)
  ['src/settings/stop-defaults.ts', 'constants'],
]);

function modulesUnder(root, dir) {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort(byName)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...modulesUnder(root, path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

// The complaints for a tree: modules without their test, and allowlist entries that no longer hold.
function complaints(modules, tests) {
  const lines = [];
  for (const module of modules) {
    const test = unitTestOf(module);
    const has = tests.has(test);
    if (!has && !NO_LOGIC.has(module)) lines.push(`${module} has no unit test of its own name (${test})`);
    if (has && NO_LOGIC.has(module)) lines.push(`${module} has ${test}: take it off the allowlist`);
  }
  for (const module of NO_LOGIC.keys())
    if (!modules.includes(module)) lines.push(`${module} is allowlisted but does not exist`);
  return lines;
}

const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const unitTestOf = (module) => `test/unit/${module.slice('src/'.length, -'.ts'.length)}.test.ts`;

const root = process.argv[2] ?? process.cwd();
const modules = modulesUnder(root, 'src');
const tests = new Set(modulesUnder(root, 'test/unit'));
const lines = complaints(modules, tests);
for (const line of lines) console.error(`unit-test-names: ${line}`);
process.exitCode = lines.length === 0 ? 0 : 1;
