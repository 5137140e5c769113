import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/model/categories.js';
import { classifyExitCode } from '../../../src/model/classify.js';
import { models, TOOL_NAMES, type ToolName } from '../../../src/model/tools/index.js';

interface ToolFacts {
  // `| code | Name | ...` rows: the tool's exit codes and their names
  codes: [number, string][];
  // `| exit codes | `message` | ...` rows: a message as the tool prints it, and the codes it comes with
  messages: { codes: number[]; text: string }[];
}

// docs/exit-codes.md, one entry per `## <model title>` section.
function readExitCodeFacts(): Map<string, ToolFacts> {
  const doc = readFileSync(new URL('../../../docs/exit-codes.md', import.meta.url), 'utf8');
  const facts = new Map<string, ToolFacts>();
  for (const section of doc.split(/^## /m).slice(1)) {
    const codes = [...section.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m): [number, string] => [Number(m[1]), m[2]!]);
    const messages = [...section.matchAll(/^\| (\d+(?:, \d+)*) \| (`.*?) \| /gm)].map((m) => ({
      codes: m[1]!.split(', ').map(Number),
      // one or more code spans; ``double`` ones hold a message with backticks inside
      text: [...m[2]!.matchAll(/`` (.+?) ``|`([^`]+)`/g)].map((span) => span[1] ?? span[2]).join('\n'),
    }));
    facts.set(section.slice(0, section.indexOf('\n')).trim(), { codes, messages });
  }
  return facts;
}

describe('exit-code models', () => {
  it('every entry has a code, name, category, one-line meaning and source', () => {
    for (const tool of TOOL_NAMES) {
      const model = models[tool];
      for (const entry of [...model.codes, ...model.rules, model.otherCodes]) {
        expect(entry.name, tool).toMatch(/^\S+$/);
        expect(CATEGORIES, `${tool} ${entry.name}`).toContain(entry.category);
        expect(entry.meaning, `${tool} ${entry.name}`).toMatch(/^[^\n]{5,90}$/);
        expect(entry.source.length, `${tool} ${entry.name}`).toBeGreaterThan(5);
      }
      const codes = model.codes.map((e) => e.code);
      expect(new Set(codes).size, `${tool} has no duplicate codes`).toBe(codes.length);
    }
  });

  // docs/exit-codes.md states the tools' codes and messages from their sources; the models must agree with it.
  const facts = readExitCodeFacts();

  it.each(TOOL_NAMES)('%s: the code table is the one docs/exit-codes.md documents, names included', (tool) => {
    const documented = facts.get(models[tool].title)!.codes;
    expect(documented.length, `${tool} has a code table in docs/exit-codes.md`).toBeGreaterThanOrEqual(3);
    const modelled = models[tool].codes.map((e): [number, string] => [e.code, e.name]);
    expect(modelled).toEqual(documented);
  });

  const messageRows = TOOL_NAMES.flatMap((tool) =>
    facts.get(models[tool].title)!.messages.map((m) => ({ tool, ...m })),
  );
  it.each(messageRows.map((m): [ToolName, string, number[]] => [m.tool, m.text, m.codes]))(
    '%s: a message rule reads %j at exit %j',
    (tool, text, codes) => {
      for (const code of codes) expect(classifyExitCode(models[tool], code, text).ruleId, `exit ${code}`).toBeDefined();
    },
  );

  it.each(['buck2', 'docker'] as const)('%s: every message rule decides at least one documented message', (tool) => {
    const deciding = new Set(
      messageRows
        .filter((m) => m.tool === tool)
        .flatMap((m) => m.codes.map((code) => classifyExitCode(models[tool], code, m.text).ruleId)),
    );
    expect(models[tool].rules.map((r) => r.id).filter((id) => !deciding.has(id))).toEqual([]);
  });
});
