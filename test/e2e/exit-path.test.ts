import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Finished, startXrun, tempDir } from '../helpers/xrun.js';

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

// xrun with its stderr (or stdout) a pipe whose reader is gone: the test closes its end before xrun starts.
function runWithClosed(stream: 'stderr' | 'stdout', args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> {
  const started = startXrun(args, { env });
  started.child[stream]!.destroy();
  return started.finished;
}

describe("xrun's own writes never change its exit status (its stderr or stdout reader is gone)", () => {
  it('--timeout: 124', async () => {
    expect(await runWithClosed('stderr', ['--timeout', '100ms', '--', 'sleep', '10'])).toMatchObject({ code: 124, signal: null });
  });

  it('a command not found: 127', async () => {
    expect(await runWithClosed('stderr', ['--', 'xrun-no-such-command'])).toMatchObject({ code: 127, signal: null });
  });

  it("retry lines do not stop the retries: 3 attempts run, and the command's code passes through", async () => {
    const marker = join(tempDir(), 'attempts');
    const r = await runWithClosed('stderr', ['--retry-on', '7', '--attempts', '3', '--delay', '10ms', '--', 'sh', '-c', `echo x >> ${marker}; exit 7`]);
    expect(r).toMatchObject({ code: 7, signal: null });
    expect(lines(marker)).toHaveLength(3);
  });

  it("after a retry line, the command's signal is re-raised", async () => {
    const marker = join(tempDir(), 'attempts');
    const script = `echo x >> ${marker}; [ "$(wc -l < ${marker})" -ge 2 ] && kill -TERM $$; exit 7`;
    const r = await runWithClosed('stderr', ['--retry-on', '7', '--attempts', '3', '--delay', '10ms', '--', 'sh', '-c', script]);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(lines(marker)).toHaveLength(2);
  });

  it('GitHub annotations and folds, and the warnings for a step summary and a report that cannot be written', async () => {
    const dir = tempDir();
    const marker = join(dir, 'attempts');
    // a directory cannot be appended to, and the report's directory does not exist
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: dir };
    const args = ['--report', join(dir, 'missing', 'r.json'), '--retry-on', '7', '--attempts', '3', '--delay', '10ms', '--', 'sh', '-c', `echo x >> ${marker}; exit 7`];
    expect(await runWithClosed('stderr', args, env)).toMatchObject({ code: 7, signal: null });
    expect(lines(marker)).toHaveLength(3);
  });

  it("the relay of a buck2 command's stderr still stops reading: every attempt sees the broken pipe", async () => {
    const marker = join(tempDir(), 'attempts');
    // SIGPIPE ignored: the write fails with EPIPE and the attempt exits 1 (retried) instead of dying of SIGPIPE
    const script = `trap '' PIPE; while :; do echo xxxxxxxxxxxxxxxxxxxxxxxx >&2 || { echo epipe >> ${marker}; exit 1; }; done`;
    const r = await runWithClosed('stderr', ['--tool', 'buck2', '--retry-on', '1', '--attempts', '3', '--delay', '10ms', '--', 'sh', '-c', script]);
    expect(r).toMatchObject({ code: 1, signal: null });
    expect(lines(marker)).toEqual(['epipe', 'epipe', 'epipe']);
  });

  it('a subcommand whose stdout reader is gone exits 0, silently', async () => {
    const r = await runWithClosed('stdout', ['codes']);
    expect(r).toMatchObject({ code: 0, signal: null });
    expect(r.stderr.toString()).toBe('');
  });
});
