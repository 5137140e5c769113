import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The esbuild metafile of dist/cli.js, written by scripts/build.mjs (npm run build first).
const meta = JSON.parse(readFileSync(new URL('../../.build/cli-meta.json', import.meta.url), 'utf8')) as {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string }[];
      inlined?: string[];
      inlinedLater?: string[];
    }
  >;
};

const chunkOf = (entry: string) => Object.keys(meta.outputs).find((out) => meta.outputs[out]!.entryPoint === entry);

// The source files a path loads: dist/cli.js, main's chunk (loaded once the compile cache is on), the
// chunk of `entry`, and every chunk they import statically.
function loadedInputs(entry: string): string[] {
  const start = chunkOf(entry);
  expect(start, entry).toBeDefined();
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out) || !meta.outputs[out]) return;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
  };
  visit('dist/cli.cjs');
  visit(chunkOf('src/cli/main.ts')!);
  visit(start!);
  return [...seen].flatMap((out) => Object.keys(meta.outputs[out]!.inputs));
}

describe('code splitting keeps each path lean', () => {
  it.each(['src/cli/explain.ts', 'src/cli/codes.ts', 'src/cli/config.ts', 'src/cli/completion/main.ts'])(
    '%s loads neither the spawner nor ci-info',
    (entry) => {
      const inputs = loadedInputs(entry);
      expect(inputs).toContain(entry);
      expect(
        inputs.filter((i) =>
          /src\/(process\/spawn|process\/attempt|run\/run-plan|cli\/run)\.ts|node_modules\/(ci-info|signal-exit)\//.test(
            i,
          ),
        ),
      ).toEqual([]);
    },
  );

  it("the run path loads the spawner but none of the subcommands' code", () => {
    const inputs = loadedInputs('src/cli/run.ts');
    expect(inputs).toContain('src/process/spawn.ts');
    expect(
      inputs.filter((i) =>
        /src\/(model\/explain|cli\/explain|cli\/codes|cli\/config|cli\/completion\/\w+|model\/codes-table)\.ts/.test(i),
      ),
    ).toEqual([]);
  });

  it('a plain run loads no optional part: commander, ci-info, re2js, help, man page, the bazel server stop', () => {
    const inputs = loadedInputs('src/cli/run.ts');
    expect(inputs).toContain('src/cli/plain-argv.ts');
    expect(
      inputs.filter((i) =>
        /node_modules\/(commander|ci-info|re2js)\/|src\/(cli\/(argv|man-page|readme-sections)|settings\/docs|process\/tools\/bazel-server)\.ts/.test(
          i,
        ),
      ),
    ).toEqual([]);
  });

  it("a plain run loads only the generic model: the tools' models, releases and structured reports are each loaded with import() for their tool", () => {
    const inputs = loadedInputs('src/cli/run.ts');
    expect(inputs).toEqual(expect.arrayContaining(['src/model/tools/load.ts', 'src/model/tools/generic.ts']));
    expect(
      inputs.filter((i) =>
        /src\/model\/(tools\/(docker|podman|buck2|buck2-tags|bazel|index)|releases|structured\/[-\w]+)\.ts/.test(i),
      ),
    ).toEqual([]);
    // each tool's model is reached through its own dynamic import
    for (const tool of ['docker', 'podman', 'buck2', 'bazel'])
      expect(loadedInputs(`src/model/tools/${tool}.ts`)).toContain(`src/model/tools/${tool}.ts`);
  });

  it("a plain run reads the settings' run part (names, variables, kinds, defaults), never what --help and the docs say of them", () => {
    const inputs = loadedInputs('src/cli/run.ts');
    expect(inputs).toContain('src/settings/run-table.ts');
    expect(inputs.filter((i) => /src\/settings\/(table|docs)\.ts/.test(i))).toEqual([]);
    expect(loadedInputs('src/cli/argv.ts')).toContain('src/settings/table.ts');
  });

  it("a plain run's chunks import neither node:crypto, node:v8 nor node:vm at load", () => {
    const chunks = [...new Set(['dist/cli.cjs', chunkOf('src/cli/main.ts')!, chunkOf('src/cli/run.ts')!])];
    const seen = new Set<string>();
    const visit = (out: string) => {
      if (seen.has(out) || !meta.outputs[out]) return;
      seen.add(out);
      for (const i of meta.outputs[out]!.imports) if (i.kind === 'import-statement') visit(i.path);
    };
    for (const c of chunks) visit(c);
    const builtins = [...seen].flatMap((out) =>
      meta.outputs[out]!.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
    );
    expect(builtins.filter((b) => /^(node:)?(crypto|v8|vm)$/.test(b))).toEqual([]);
  });

  it('the fleet code (its Redis client, the script) is loaded by xrun fleet and by a run only with --fleet', () => {
    const fleetCode = /src\/(process\/fleet\/[-\w]+|run\/fleet-run|cli\/fleet)\.ts/;
    for (const entry of ['src/cli/run.ts', 'src/cli/explain.ts', 'src/cli/codes.ts', 'src/cli/config.ts']) {
      expect(loadedInputs(entry).filter((i) => fleetCode.test(i))).toEqual([]);
    }
    // the run path reaches it through one dynamic import, its own chunk
    expect(loadedInputs('src/run/fleet-run.ts')).toEqual(
      expect.arrayContaining(['src/run/fleet-run.ts', 'src/process/fleet/client.ts', 'src/process/fleet/resp.ts']),
    );
    expect(loadedInputs('src/cli/fleet.ts')).toEqual(
      expect.arrayContaining(['src/process/fleet/client.ts', 'src/process/fleet/resp.ts']),
    );
  });

  it('--hold-stdout is its own chunk: the run path loads it only with the option', () => {
    const heldCode = /src\/(run\/held-output|process\/relay\/held-stdout)\.ts/;
    expect(loadedInputs('src/cli/run.ts').filter((i) => heldCode.test(i))).toEqual([]);
    expect(loadedInputs('src/run/held-output.ts')).toEqual(
      expect.arrayContaining(['src/run/held-output.ts', 'src/process/relay/held-stdout.ts']),
    );
  });

  it("dist/cli-main.cjs holds exactly the default run's chunks, dist/cli-run.cjs what the full run path, the relays, the tools' models and a retrying run's parts add; the others stay files", () => {
    const { inlined, inlinedLater } = meta.outputs['dist/cli.cjs']!;
    const closure = (starts: string[]) => new Set(starts.flatMap(loadedInputs));
    const defaultRun = closure(['src/cli/main.ts', 'src/cli/default-run.ts']);
    const fullRun = closure([
      'src/cli/run.ts',
      'src/process/relay/fifo-relay.ts',
      'src/process/relay/node-pipe-relay.ts',
      'src/process/stdin-replay.ts',
      'src/process/daemon.ts',
      'src/process/queue/wait-queue.ts',
      ...['docker', 'podman', 'buck2', 'bazel'].map((tool) => `src/model/tools/${tool}.ts`),
      'src/model/releases.ts',
    ]);
    const inputsOf = (outs: string[]) => outs.flatMap((out) => Object.keys(meta.outputs[out]!.inputs));
    const entry = (i: string) => meta.outputs['dist/cli.cjs']!.inputs[i] !== undefined;
    expect(inlined).toEqual(expect.arrayContaining([chunkOf('src/cli/main.ts'), chunkOf('src/cli/default-run.ts')]));
    expect(inlinedLater).toEqual(expect.arrayContaining([chunkOf('src/cli/run.ts')]));
    // the default run's part: its modules and no other; the later part: the rest of the full run's
    expect(inputsOf(inlined!).filter((i) => !defaultRun.has(i))).toEqual([]);
    expect([...defaultRun].filter((i) => !inputsOf(inlined!).includes(i) && !entry(i))).toEqual([]);
    expect(inputsOf(inlinedLater!).filter((i) => !fullRun.has(i) || defaultRun.has(i))).toEqual([]);
    expect([...fullRun].filter((i) => !defaultRun.has(i) && !inputsOf(inlinedLater!).includes(i))).toEqual([]);
    expect(inputsOf(inlinedLater!)).not.toContain('src/cli/default-run.ts');
    const part = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
    for (const out of inlined!)
      expect(part('cli-main.cjs')).toContain(JSON.stringify(out.slice('dist/chunks/'.length)));
    for (const out of inlinedLater!)
      expect(part('cli-run.cjs')).toContain(JSON.stringify(out.slice('dist/chunks/'.length)));
  });

  it('bin/xrun.js is a 2-line shim', () => {
    expect(readFileSync(new URL('../../bin/xrun.js', import.meta.url), 'utf8')).toBe(
      "#!/usr/bin/env node\nimport '../dist/cli.cjs';\n",
    );
  });
});
