import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The esbuild metafile of dist/cli.js, written by scripts/build.mjs (npm run build first).
const meta = JSON.parse(readFileSync(new URL('../../.build/cli-meta.json', import.meta.url), 'utf8')) as {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }>;
};

// The source files a path loads: dist/cli.js, the chunk of `entry`, and every chunk they import statically.
function loadedInputs(entry: string): string[] {
  const start = Object.keys(meta.outputs).find((out) => meta.outputs[out]!.entryPoint === entry);
  expect(start, entry).toBeDefined();
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out) || !meta.outputs[out]) return;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit('dist/cli.js');
  visit(start!);
  return [...seen].flatMap((out) => Object.keys(meta.outputs[out]!.inputs));
}

describe('code splitting keeps each path lean', () => {
  it.each(['src/cli/explain.ts', 'src/cli/codes.ts', 'src/cli/config.ts', 'src/cli/completion.ts'])(
    '%s loads neither the spawner, execa nor ci-info',
    (entry) => {
      const inputs = loadedInputs(entry);
      expect(inputs).toContain(entry);
      expect(
        inputs.filter((i) => /src\/(process\/spawn|process\/attempt|run\/run-plan|cli\/run)\.ts|node_modules\/(execa|ci-info|signal-exit)\//.test(i)),
      ).toEqual([]);
    },
  );

  it("the run path loads the spawner but none of the subcommands' code", () => {
    const inputs = loadedInputs('src/cli/run.ts');
    expect(inputs).toContain('src/process/spawn.ts');
    expect(inputs.some((i) => i.includes('node_modules/execa/'))).toBe(true);
    expect(inputs.filter((i) => /src\/(model\/explain|cli\/explain|cli\/codes|cli\/config|cli\/completion[-\w]*|model\/codes-table)\.ts/.test(i))).toEqual([]);
  });

  it('the fleet code (its Redis client, the script) is loaded by xrun fleet and by a run only with --fleet', () => {
    const fleetCode = /src\/(process\/(fleet|fleet-script|resp)|run\/fleet-run|cli\/fleet)\.ts/;
    for (const entry of ['src/cli/run.ts', 'src/cli/explain.ts', 'src/cli/codes.ts', 'src/cli/config.ts']) {
      expect(loadedInputs(entry).filter((i) => fleetCode.test(i))).toEqual([]);
    }
    // the run path reaches it through one dynamic import, its own chunk
    expect(loadedInputs('src/run/fleet-run.ts')).toEqual(expect.arrayContaining(['src/run/fleet-run.ts', 'src/process/fleet.ts', 'src/process/resp.ts']));
    expect(loadedInputs('src/cli/fleet.ts')).toEqual(expect.arrayContaining(['src/process/fleet.ts', 'src/process/resp.ts']));
  });

  it('bin/xrun.js is a 2-line shim', () => {
    expect(readFileSync(new URL('../../bin/xrun.js', import.meta.url), 'utf8')).toBe("#!/usr/bin/env node\nimport '../dist/cli.js';\n");
  });
});
