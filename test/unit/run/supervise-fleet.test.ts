import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../../src/model/outcome.js';
import { type AttemptRecord, type FleetAnswer, type LoopEffects, supervise } from '../../../src/run/supervise.js';
import { buildPlan } from '../../../src/settings/plan.js';

// A scripted run whose fleet answers as `answers` says (granted when they run out).
function scripted(outcomes: Outcome[], answers: FleetAnswer[]) {
  let clock = 0;
  const lines: string[] = [];
  const recorded: number[] = [];
  const asked: number[] = [];
  const effects: LoopEffects = {
    runAttempt: async (attempt) => {
      clock += 10;
      return { outcome: outcomes[Math.min(attempt, outcomes.length) - 1]!, stderrTail: '', killEscalated: false };
    },
    sleep: async (ms) => {
      clock += ms;
      return true;
    },
    interrupted: () => undefined,
    retryBlocker: () => undefined,
    now: () => clock,
    random: () => 0.5,
    log: (line) => lines.push(line),
    recordAttempt: (record: AttemptRecord) => recorded.push(record.attempt),
    mayRetry: async (record) => {
      asked.push(record.attempt);
      return answers.shift() ?? { granted: true };
    },
  };
  return { effects, lines, recorded, asked };
}
const exited = (code: number): Outcome => ({ kind: 'exited', code });
const plan = buildPlan({ retryOn: '1', attempts: '4', delay: '10ms' }, ['sh']);

describe('supervise with a fleet', () => {
  it('records every attempt and asks before each retry, never after the last attempt or a success', async () => {
    const { effects, recorded, asked } = scripted([exited(1), exited(1), exited(0)], []);
    const result = await supervise(plan, 'sh', effects);
    expect(result.attempts).toHaveLength(3);
    expect(recorded).toEqual([1, 2, 3]);
    expect(asked).toEqual([1, 2]);
  });

  it('a refusal ends the run with the last status, says why in one line, and the decision records it', async () => {
    const reason = "the fleet's retry budget for sh:x is spent (4 of 4 retries allowed for 10 first attempts in 60s)";
    const { effects, lines, asked } = scripted([exited(1)], [{ granted: true }, { granted: false, reason }]);
    const result = await supervise(plan, 'sh', effects);
    expect(result.attempts).toHaveLength(2);
    expect(asked).toEqual([1, 2]);
    expect(result.last.decision).toEqual({ retry: false, stop: 'fleet', reason });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^xrun: sh exited 1 \(Failure: the command failed\); attempt 2 of 4 in \d+ms$/);
    expect(lines[1]).toBe(`xrun: sh exited 1 (Failure: the command failed); not retrying: ${reason}`);
  });

  it('is not asked when the attempts are used up', async () => {
    const { effects, asked } = scripted([exited(1)], []);
    await supervise(buildPlan({ retryOn: '1', attempts: '1' }, ['sh']), 'sh', effects);
    expect(asked).toEqual([]);
  });
});
