import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, explain, run } from '../../src/library.js';
import { UsageError } from '../../src/settings/usage-error.js';
import { tempDir } from '../helpers/xrun.js';

// The library's public surface (src/library.ts, re-exported by src/index.ts). The commands here write
// nothing to stdout or stderr: the child shares the test process's.
describe('the library: run, classify, explain (library.ts)', () => {
  it("run: the command's exit status, its attempts and the plan, as the CLI would end", async () => {
    const report = await run(['sh', '-c', 'exit 3']);
    expect(report.exitStatus).toEqual({ kind: 'code', code: 3 });
    expect(report.attempts.length).toBe(1);
    expect(report.last.outcome).toEqual({ kind: 'exited', code: 3 });
    expect([report.last.classification.name, report.plan.tool, report.deadlineSpent]).toEqual([
      'Failure',
      'generic',
      false,
    ]);
  });

  it('run: retries as the options say, its lines through log', async () => {
    const dir = tempDir('xrun-library-');
    const marker = join(dir, 'm');
    const lines: string[] = [];
    const report = await run(['sh', '-c', `test -f ${marker} || { touch ${marker}; exit 3; }`], {
      retryOn: [3],
      attempts: 3,
      delay: '10ms',
      log: (line) => lines.push(line),
    });
    expect(report.exitStatus).toEqual({ kind: 'code', code: 0 });
    expect(report.attempts.map((a) => a.outcome)).toEqual([
      { kind: 'exited', code: 3 },
      { kind: 'exited', code: 0 },
    ]);
    // the retry line alone: the flaky line is the CLI's
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/^xrun: sh exited 3 \(Failure: the command failed\); attempt 2 of 3 in \d+m?s$/);
  });

  it('run: a bad option rejects with a UsageError naming run() options; nothing runs', async () => {
    const dir = tempDir('xrun-library-');
    const ran = join(dir, 'ran');
    const rejected = run(['touch', ran], { delay: 'soon' });
    await expect(rejected).rejects.toThrow(UsageError);
    await expect(rejected).rejects.toThrow(/run\(\) options/);
    expect(existsSync(ran)).toBe(false);
  });

  it('run: aborting stops the running attempt as SIGTERM to xrun would, and ends the run', async () => {
    const controller = new AbortController();
    const running = run(['sleep', '60'], { abortSignal: controller.signal, attempts: 3, retryOn: ['SIGTERM'] });
    setTimeout(() => controller.abort(), 300);
    const report = await running;
    expect(report.attempts.length).toBe(1);
    expect(report.last.outcome).toMatchObject({ kind: 'cancelled', signal: 'SIGTERM' });
    expect(report.interrupted).toBe('SIGTERM');
  });

  it('run: an abortSignal already aborted cancels the first attempt', async () => {
    const report = await run(['sleep', '60'], { abortSignal: AbortSignal.abort() });
    expect(report.last.outcome).toMatchObject({ kind: 'cancelled', signal: 'SIGTERM' });
  });

  it("classify: a code (with the stderr's tail) or an outcome, in the tool's model", () => {
    expect(classify('buck2', 4)).toMatchObject({ name: 'DaemonIsBusy', category: 'busy', normalizedCode: 4 });
    expect(classify('docker', 125, 'Cannot connect to the Docker daemon. Is the docker daemon running?')).toMatchObject(
      { name: 'DaemonUnreachable', category: 'connect', ruleId: 'daemon-unreachable' },
    );
    expect(classify('generic', { kind: 'signaled', signal: 'SIGKILL' })).toMatchObject({
      name: 'SIGKILL',
      category: 'signal',
      normalizedCode: 137,
    });
  });

  it('explain: a code or a signal name under the options’ policy', () => {
    const plain = explain('buck2', 4);
    expect([plain.subject, plain.classification.name, plain.decision.retry]).toEqual(['exit 4', 'DaemonIsBusy', false]);
    expect(explain('buck2', 4, { retryBusy: true }).decision.retry).toBe(true);
    const killed = explain('bazel', 'KILL');
    expect([killed.subject, killed.classification.name]).toEqual(['death by signal 9', 'SIGKILL']);
    expect(() => explain('bazel', 3, { attempts: 0 })).toThrow(UsageError);
  });
});
