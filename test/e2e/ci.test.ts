import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buck2Sim, FIXTURES_BIN, plainEnv, runXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// buck2's busy message (the simulator prints it byte for byte) and xrun's retry line for it
const BUSY =
  'Command failed: \nBuck daemon is busy processing another command: 0f3c1e2a-7b9d-4c55-9a61-2d5e8b7f4c10\n\nCaused by:\n    `--exit-when=differentstate` was set\n';
const retry = (n: number, name = 'sh') =>
  `xrun: ${name} exited 4 (DaemonIsBusy: daemon busy with another command); attempt ${n} of 5 in 0ms\n`;
// the simulator's steps: busy, busy, then print to stdout and succeed
const ARGS = ['--retry-busy', '--delay', '1ms', '--', 'sh', '-c', 'buck2 build >&2 || exit $?; printf "out\\n"'];

// The golden files pin xrun's stderr in a CI byte for byte; what changes from run to run (a GitLab
// section's time and id, a jittered delay) is replaced by a placeholder first.
const golden = (name: string) => readFileSync(join(GOLDEN, name), 'utf8');
const normalized = (stderr: Buffer) =>
  stderr
    .toString()
    .replace(/section_(start|end):\d+:xrun_\d+_attempt/g, 'section_$1:TIME:xrun_ID_attempt')
    .replace(/ in \d+ms(\x1b\[39m)?\n/g, ' in Nms$1\n');
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));

describe('CI awareness', () => {
  it.each([
    ['GitHub', '4,4,0', 'ci-github-busy-busy-success.txt', { GITHUB_ACTIONS: 'true' }, 0],
    ['GitHub', '4', 'ci-github-give-up.txt', { GITHUB_ACTIONS: 'true' }, 4],
    ['GitLab', '4,4,0', 'ci-gitlab-busy-busy-success.txt', { GITLAB_CI: 'true' }, 0],
    ['GitLab', '4', 'ci-gitlab-give-up.txt', { GITLAB_CI: 'true' }, 4],
  ])('%s, the simulator answering %s: stderr pinned by test/golden/%s', async (_ci, steps, file, ciEnv, code) => {
    const sim = buck2Sim(steps);
    const r = await runXrun(['--tool', 'buck2', '--attempts', '3', ...ARGS], {
      env: { ...sim.env, CI: 'true', ...ciEnv },
    });
    expect(r.code).toBe(code);
    expect(r.stdout.toString()).toBe(code === 0 ? 'out\n' : '');
    expect(normalized(r.stderr)).toBe(golden(file));
  });

  it('GitHub Actions: stdout untouched, a step summary that shows the flaky run', async () => {
    const sim = buck2Sim('4,4,0');
    const summary = join(sim.dir, 'summary.md');
    writeFileSync(summary, '# earlier\n');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], {
      env: { ...sim.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('out\n');
    // the lines themselves are pinned by the golden files above
    expect(normalized(r.stderr)).toContain(
      '::warning title=xrun flaky::sh succeeded on attempt 3 of 5, flaky: it survived 2 failures',
    );
    const table = readFileSync(summary, 'utf8')
      .replace(/ \| \d+ \|\n/g, ' | ms |\n')
      .replace(/ in \d+ms \|/g, ' in 0ms |');
    expect(table).toBe(
      [
        '# earlier',
        '### xrun: `sh -c \'buck2 build >&2 || exit $?; printf "out\\n"\'`',
        '',
        '| attempt | outcome | category | name | decision | ms |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 of 5 | exit 4 | busy | DaemonIsBusy | attempt 2 of 5 in 0ms | ms |',
        '| 2 of 5 | exit 4 | busy | DaemonIsBusy | attempt 3 of 5 in 0ms | ms |',
        '| 3 of 5 | exit 0 | success | Success | success | ms |',
        '',
        '**flaky**: succeeded on attempt 3 of 5 after 2 failed (DaemonIsBusy, DaemonIsBusy)',
        '',
        'exit: 0 (tool model: buck2)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('GitHub Actions with --quiet: no lines of its own, still the summary', async () => {
    const sim = buck2Sim('4,0');
    const summary = join(sim.dir, 'summary.md');
    const r = await runXrun(['-q', '--tool', 'buck2', ...ARGS], {
      env: { ...sim.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(0);
    expect(r.stderr.toString()).toBe(BUSY);
    expect(readFileSync(summary, 'utf8')).toContain('| 2 of 5 | exit 0 | success | Success | success |');
  });

  it('GitHub Actions, a run without retries: the step summary still gets its one attempt', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const r = await runXrun(['--', 'sh', '-c', 'exit 3'], {
      env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe('');
    expect(readFileSync(summary, 'utf8')).toMatch(
      /^### xrun: `sh -c 'exit 3'`\n\n\| attempt [\s\S]*\n\| 1 of 1 \| exit 3 \| failure \| Failure \| not-retryable \| \d+ \|\n\nexit: 3 \(tool model: generic\)\n\n$/,
    );
  });

  it("GitHub Actions, a run that gives up: the ::error in the give-up line's words, the summary says it gave up and shows the command quoted", async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const env = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary };
    const r = await runXrun(['--attempts', '2', '--delay', '10ms', '--', 'sh', '-c', 'echo out; exit 1'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toBe('out\nout\n');
    expect(normalized(r.stderr).split('\n')).toEqual([
      '::group::xrun attempt 1 of 2',
      '::endgroup::',
      '::warning title=xrun retry::sh exited 1 (Failure: the command failed); attempt 2 of 2 in Nms',
      '::error title=xrun gave up::sh exited 1 (Failure: the command failed); giving up after 2 attempts',
      '',
    ]);
    const text = readFileSync(summary, 'utf8')
      .replace(/ \| \d+ \|\n/g, ' | ms |\n')
      .replace(/ in \d+ms \|/g, ' in 0ms |');
    expect(text.split('\n')).toEqual([
      "### xrun: `sh -c 'echo out; exit 1'`",
      '',
      '| attempt | outcome | category | name | decision | ms |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 1 of 2 | exit 1 | failure | Failure | attempt 2 of 2 in 0ms | ms |',
      '| 2 of 2 | exit 1 | failure | Failure | exhausted | ms |',
      '',
      '**gave up**: the command exited 1 (Failure: the command failed); giving up after 2 attempts',
      '',
      'exit: 1 (tool model: generic)',
      '',
      '',
    ]);
  });

  it('GitLab CI: a section opened is closed with the same name, at a time of this run', async () => {
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], { env: { ...sim.env, CI: 'true', GITLAB_CI: 'true' } });
    expect(r.code).toBe(0);
    const match =
      /section_start:(\d+):xrun_(\d+)_attempt_1\[[^\n]*\n[\s\S]*section_end:(\d+):xrun_(\d+)_attempt_1\r/.exec(
        r.stderr.toString(),
      );
    expect(match, JSON.stringify(r.stderr.toString())).not.toBeNull();
    expect(match![2]).toBe(match![4]);
    expect(Number(match![3])).toBeGreaterThanOrEqual(Number(match![1]));
    expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(600);
  });

  it('elsewhere: plain lines only, and no step summary even if the variable is set', async () => {
    const sim = buck2Sim('4,4,0');
    const summary = join(sim.dir, 'summary.md');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], { env: { ...sim.env, GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stderr.toString().replace(/ in \d+ms\n/g, ' in 0ms\n')).toBe(
      [
        BUSY,
        retry(2),
        BUSY,
        retry(3),
        'xrun: sh succeeded on attempt 3 of 5, flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)\n',
      ].join(''),
    );
    expect(existsSync(summary)).toBe(false);
  });

  it("colours xrun's own lines on a terminal, never with NO_COLOR", () => {
    const lines = (extra: NodeJS.ProcessEnv) => {
      const sim = buck2Sim('4,0');
      const r = spawnSync('script', ['-qec', `"${XRUN_BIN}" --retry-busy --delay 1ms -- buck2 build`, '/dev/null'], {
        env: { ...plainEnv(), ...sim.env, PATH: `${FIXTURES_BIN}:${process.env.PATH}`, ...extra },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      return r.stdout
        .split('\r\n')
        .filter((l) => l.includes('xrun: '))
        .map((l) => l.replace(/ in \d+ms/, ' in 0ms'));
    };
    const flaky = 'xrun: buck2 succeeded on attempt 2 of 5, flaky: it survived 1 failure (DaemonIsBusy)';
    expect(lines({})).toEqual([`\x1b[33m${retry(2, 'buck2').trimEnd()}\x1b[39m`, `\x1b[33m${flaky}\x1b[39m`]);
    expect(lines({ NO_COLOR: '1' })).toEqual([retry(2, 'buck2').trimEnd(), flaky]);
  });
});
