import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModuleChild } from '../../helpers/module-child.js';

// runCli in a process of its own: it is the one place that ends xrun, with a code or a signal.
const runCli = (argv: readonly string[], options: Parameters<typeof runModuleChild>[1] = {}) =>
  runModuleChild(`import { runCli } from './src/cli/main.js'; runCli(${JSON.stringify(argv)});`, options);

describe('runCli: the one exit site (cli/main.ts)', () => {
  it('a subcommand runs from its own entry and ends 0 with its text', async () => {
    const ended = await runCli(['codes', '--tool', 'bazel']);
    expect([ended.code, ended.signal]).toEqual([0, null]);
    expect(ended.stdout.toString()).toMatch(/^### Bazel \(`--tool bazel`\)\n/);
    expect(ended.stderr.toString()).toBe('');
  });

  it("a run ends with the command's code", async () => {
    const ended = await runCli(['--', 'sh', '-c', 'echo out; exit 3']);
    expect([ended.code, ended.signal, ended.stdout.toString()]).toEqual([3, null, 'out\n']);
  });

  it('a command killed by a signal: xrun re-raises it on itself', async () => {
    const ended = await runCli(['--', 'sh', '-c', 'kill -TERM $$']);
    expect([ended.code, ended.signal]).toEqual([null, 'SIGTERM']);
  });

  it('a usage error is one xrun line and 125; nothing runs', async () => {
    const ended = await runCli(['explain', '256']);
    expect([ended.code, ended.stdout.toString(), ended.stderr.toString()]).toEqual([
      125,
      '',
      "xrun: explain: expected an exit code 0-255, got '256'\n",
    ]);
  });

  it("a subcommand's stdout lost to a full disk is not success: 1, and said", async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const ended = await runCli(['codes'], { stdout: full });
      expect([ended.code, ended.stderr.toString()]).toEqual([
        1,
        'xrun: writing stdout failed: ENOSPC (no space left on device)\n',
      ]);
    } finally {
      closeSync(full);
    }
  });
});
