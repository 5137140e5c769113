import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerInModuleChild, runModuleChild } from '../../helpers/module-child.js';
import { plainEnv, tempDir } from '../../helpers/xrun.js';

// The run path's main() in a process of its own (it installs signal handlers and spawns with xrun's
// descriptors), in `dir`: what it returned (or threw).
async function runMain(argv: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('xrun-run-');
  const { answer, ...ended } = await answerInModuleChild(
    "import { main } from './src/cli/run.js';",
    `main(${JSON.stringify(argv)})`,
    { cwd: dir, env: { ...plainEnv(), ...env } },
  );
  return { dir, status: answer, ...ended };
}

// xrun's flags, then a command that exits 3 the first time it runs in its directory and 0 after
const failingOnce = (...flags: string[]) => [
  ...flags,
  '--retry-on',
  '3',
  '--delay',
  '10ms',
  '--',
  'sh',
  '-c',
  'test -f m || { touch m; exit 3; }',
];

describe('the run path (cli/run.ts)', () => {
  it("runs the command with xrun's stdout and stderr; its code is the status", async () => {
    const ran = await runMain(['--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(ran).toMatchObject({ status: { kind: 'code', code: 3 }, stdout: 'out\n', stderr: 'err\n' });
  });

  it('a retried run that succeeds: the retry line, then the flaky line', async () => {
    const ran = await runMain(failingOnce('--attempts', '3'));
    expect(ran.status).toEqual({ kind: 'code', code: 0 });
    const lines = ran.stderr.split('\n');
    expect(lines[0]).toMatch(/^xrun: sh exited 3 \(Failure: the command failed\); attempt 2 of 3 in \d+m?s$/);
    expect(lines.slice(1)).toEqual([
      'xrun: sh succeeded on attempt 2 of 3, flaky: it survived 1 failure (Failure)',
      '',
    ]);
  });

  it('--quiet drops the informational lines', async () => {
    const ran = await runMain(failingOnce('--quiet', '--attempts', '2'));
    expect([ran.status, ran.stderr]).toEqual([{ kind: 'code', code: 0 }, '']);
  });

  it('--report: the report is written at the end, attempt by attempt', async () => {
    const ran = await runMain(failingOnce('--report', 'r.json', '--attempts', '2'));
    const report = JSON.parse(readFileSync(join(ran.dir, 'r.json'), 'utf8')) as {
      attempts: unknown[];
      flaky: boolean;
      exit: unknown;
    };
    expect([report.attempts.length, report.flaky, report.exit]).toEqual([
      2,
      true,
      { rawCode: 0, code: 0, signal: null },
    ]);
  });

  it('a report that cannot be written is a usage error before anything starts', async () => {
    const ran = await runMain(['--report', '/nonexistent/dir/r.json', '--', 'touch', 'ran']);
    expect(ran.status).toMatchObject({ threw: 'UsageError' });
    expect((ran.status as { message: string }).message).toMatch(
      /^--report: cannot write "\/nonexistent\/dir\/r\.json": /,
    );
    expect(existsSync(join(ran.dir, 'ran'))).toBe(false);
  });

  it('a command that cannot start: the could-not-start line and 127', async () => {
    const ran = await runMain(['--', 'no-such-command-xrun-test']);
    expect([ran.status, ran.stderr]).toEqual([
      { kind: 'code', code: 127 },
      'xrun: no-such-command-xrun-test: command not found\n',
    ]);
  });

  it('SIGUSR1 ends xrun with 128+10 instead of opening the inspector', async () => {
    const ran = await runModuleChild(
      `import { main } from './src/cli/run.js'; main(['--', 'sh', '-c', 'kill -USR1 $PPID; sleep 30']);`,
      { env: plainEnv() },
    );
    expect([ran.code, ran.signal]).toEqual([138, null]);
  });

  it('GitHub Actions with a step summary: the report is appended to it', async () => {
    const dir = tempDir('xrun-summary-');
    const summary = join(dir, 'summary.md');
    const ran = await runMain(['--', 'sh', '-c', 'exit 0'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(ran.status).toEqual({ kind: 'code', code: 0 });
    expect(readFileSync(summary, 'utf8')).toMatch(/\n\| 1 of 1 \| exit 0 \| success \| Success \| success \| \d+ \|\n/);
  });
});
