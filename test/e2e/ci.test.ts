import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_BIN, XRUN_BIN, buck2Sim, plainEnv, runXrun, tempDir } from '../helpers/xrun.js';

// buck2's busy message (the simulator prints it byte for byte) and xrun's retry line for it
const BUSY =
  'Command failed: \nBuck daemon is busy processing another command: 0f3c1e2a-7b9d-4c55-9a61-2d5e8b7f4c10\n\nCaused by:\n    `--exit-when=differentstate` was set\n';
const retry = (n: number, name = 'sh') => `xrun: ${name} exited 4 (DaemonIsBusy: daemon busy with another command); retry ${n}/5 in 0ms\n`;
const warning = (n: number) => `::warning title=xrun retry::sh exited 4 (busy: DaemonIsBusy, daemon busy with another command); retry ${n}/5\n`;
// the simulator's steps: busy, busy, then print to stdout and succeed
const ARGS = ['--retry-busy', '--delay', '1ms', '--', 'sh', '-c', 'buck2 build >&2 || exit $?; printf "out\\n"'];

describe('CI awareness', () => {
  it('GitHub Actions: a warning annotation per retry, later attempts folded in groups on stderr, stdout untouched, a step summary', async () => {
    const sim = buck2Sim('4,4,0');
    const summary = join(sim.dir, 'summary.md');
    writeFileSync(summary, '# earlier\n');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], { env: { ...sim.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('out\n');
    // the delay before retry 3 is drawn from [0, 2ms]
    expect(r.stderr.toString().replace(/ in \d+ms\n/g, ' in 0ms\n')).toBe(
      [
        BUSY,
        retry(2),
        warning(2),
        '::group::xrun attempt 2/5\n',
        BUSY,
        '::endgroup::\n',
        retry(3),
        warning(3),
        '::group::xrun attempt 3/5\n',
        '::endgroup::\n',
      ].join(''),
    );
    const table = readFileSync(summary, 'utf8')
      .replace(/ \| \d+ \|\n/g, ' | ms |\n')
      .replace(/retry in \d+ms/g, 'retry in 0ms');
    expect(table).toBe(
      [
        '# earlier',
        '### xrun: `sh -c buck2 build >&2 \\|\\| exit $?; printf "out\\n"`',
        '',
        '| attempt | outcome | category | name | decision | ms |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 1 | exit 4 | busy | DaemonIsBusy | retry in 0ms | ms |',
        '| 2 | exit 4 | busy | DaemonIsBusy | retry in 0ms | ms |',
        '| 3 | exit 0 | success | Success | success | ms |',
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
    const r = await runXrun(['-q', '--tool', 'buck2', ...ARGS], { env: { ...sim.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stderr.toString()).toBe(BUSY);
    expect(readFileSync(summary, 'utf8')).toContain('| 2 | exit 0 | success | Success | success |');
  });

  it('GitHub Actions, a run without retries: the step summary still gets its one attempt', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.md');
    const r = await runXrun(['--', 'sh', '-c', 'exit 3'], { env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe('');
    expect(readFileSync(summary, 'utf8')).toMatch(
      /^### xrun: `sh -c exit 3`\n\n\| attempt [\s\S]*\n\| 1 \| exit 3 \| failure \| Failure \| not-retryable \| \d+ \|\n\nexit: 3 \(tool model: generic\)\n\n$/,
    );
  });

  it('GitLab CI: later attempts in collapsed sections', async () => {
    const sim = buck2Sim('4,0');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], { env: { ...sim.env, CI: 'true', GITLAB_CI: 'true' } });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('out\n');
    const err = r.stderr.toString();
    const match =
      /^([\s\S]*)\x1b\[0Ksection_start:(\d+):xrun_(\d+)_attempt_2\[collapsed=true\]\r\x1b\[0Kxrun attempt 2\/5\n\x1b\[0Ksection_end:(\d+):xrun_(\d+)_attempt_2\r\x1b\[0K\n$/.exec(
        err,
      );
    expect(match, JSON.stringify(err)).not.toBeNull();
    expect(match![1]).toBe(BUSY + retry(2));
    expect(match![3]).toBe(match![5]);
    expect(Number(match![4])).toBeGreaterThanOrEqual(Number(match![2]));
    expect(Math.abs(Number(match![2]) - Date.now() / 1000)).toBeLessThan(600);
  });

  it('elsewhere: plain lines only, and no step summary even if the variable is set', async () => {
    const sim = buck2Sim('4,4,0');
    const summary = join(sim.dir, 'summary.md');
    const r = await runXrun(['--tool', 'buck2', ...ARGS], { env: { ...sim.env, GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    expect(r.stderr.toString().replace(/ in \d+ms\n/g, ' in 0ms\n')).toBe([BUSY, retry(2), BUSY, retry(3)].join(''));
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
      return r.stdout.split('\r\n').filter((l) => l.includes('xrun: '));
    };
    expect(lines({})).toEqual([`\x1b[33m${retry(2, 'buck2').trimEnd()}\x1b[39m`]);
    expect(lines({ NO_COLOR: '1' })).toEqual([retry(2, 'buck2').trimEnd()]);
  });
});
