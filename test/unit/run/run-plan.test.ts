import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Interrupts } from '../../../src/process/interrupts.js';
import { type RunIo, runPlan } from '../../../src/run/run-plan.js';
import { buildPlan } from '../../../src/settings/plan.js';
import type { RunSettings } from '../../../src/settings/table.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { tempDir } from '../../helpers/xrun.js';

// A plan for `sh -c script` (the commands here print nothing: the child shares the test's descriptors),
// and every line and hook call the run makes, in order.
function planned(script: string, settings: RunSettings = {}) {
  const events: string[] = [];
  const io: RunIo = {
    terminal: false,
    mayReadStderr: true,
    log: (line) => events.push(line),
    beforeAttempt: (attempt) => (events.push(`before ${attempt}`), false),
    afterAttempt: (attempt) => (events.push(`after ${attempt}`), false),
  };
  return { plan: buildPlan({ queue: false, ...settings }, ['sh', '-c', script]), io, events };
}

// A script that fails with `code` the first time (a marker in a directory of its own), then succeeds.
function flakyScript(code: number): string {
  const marker = join(tempDir('xrun-run-plan-'), 'failed-once');
  return `test -f ${marker} || { touch ${marker}; exit ${code}; }`;
}

describe('a plan run with the real effects (run/run-plan.ts)', () => {
  it("one attempt: its record, the command's status, when it started", async () => {
    const { plan, io, events } = planned('exit 3');
    const before = Date.now();
    const ran = await runPlan(plan, new Interrupts(false), io);
    expect(ran.status).toEqual({ kind: 'code', code: 3 });
    expect(ran.result.attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, { kind: 'exited', code: 3 }]]);
    expect(ran.startedAt).toBeGreaterThanOrEqual(before);
    expect(ran.startedAt).toBeLessThanOrEqual(Date.now());
    expect(events).toEqual(['before 1', 'after 1']);
  });

  it('a retry: the hooks around each attempt, the retry line between them', async () => {
    const { plan, io, events } = planned(flakyScript(3), { retryOn: '3', attempts: '3', delay: '10ms' });
    const ran = await runPlan(plan, new Interrupts(false), io);
    expect(ran.status).toEqual({ kind: 'code', code: 0 });
    expect(events.map((e) => e.replace(/ in \d+m?s$/, ' in T'))).toEqual([
      'before 1',
      'after 1',
      'xrun: sh exited 3 (Failure: the command failed); attempt 2 of 3 in T',
      'before 2',
      'after 2',
    ]);
  });

  it('onRetry and onGiveUp that say the line themselves replace the plain one', async () => {
    const { plan, io, events } = planned('exit 3', { retryOn: '3', attempts: '2', delay: '10ms' });
    io.onRetry = (record) => (events.push(`retry after ${record.attempt}`), true);
    io.onGiveUp = (record) => (events.push(`give up after ${record.attempt}`), true);
    const ran = await runPlan(plan, new Interrupts(false), io);
    expect(ran.status).toEqual({ kind: 'code', code: 3 });
    expect(events).toEqual(['before 1', 'after 1', 'retry after 1', 'before 2', 'after 2', 'give up after 2']);
  });

  it('--normalize: the status is the normalized code', async () => {
    const { plan, io } = planned('exit 3', { normalize: true });
    expect((await runPlan(plan, new Interrupts(false), io)).status).toEqual({ kind: 'code', code: 1 });
  });

  it('a failing --on-retry hook is one line, and the retry goes on', async () => {
    const { plan, io, events } = planned(flakyScript(3), {
      retryOn: '3',
      attempts: '2',
      delay: '10ms',
      onRetry: 'exit 5',
    });
    const ran = await runPlan(plan, new Interrupts(false), io);
    expect(ran.status).toEqual({ kind: 'code', code: 0 });
    expect(events).toContain('xrun: --on-retry hook exited 5; retrying anyway');
  });

  it('an output pattern the linear-time engine cannot run is a usage error, before anything starts', async () => {
    const ran = join(tempDir('xrun-run-plan-'), 'ran');
    const { plan, io } = planned(`touch ${ran}`, { retryOnOutput: '(a)\\1' });
    const running = runPlan(plan, new Interrupts(false), io);
    await expect(running).rejects.toThrow(UsageError);
    await expect(running).rejects.toThrow(
      /^--retry-on-output: regex "\(a\)\\\\1" is not supported by the linear-time engine/,
    );
    expect(existsSync(ran)).toBe(false);
  });
});
