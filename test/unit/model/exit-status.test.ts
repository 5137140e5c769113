import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import { decideExitStatus, notZeroWhenOutputLost } from '../../../src/model/exit-status.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { models, type ToolName } from '../../../src/model/tools/index.js';
import { buildPlan } from '../../../src/settings/plan.js';

function status(
  tool: ToolName,
  outcome: Outcome,
  flags: Record<string, string | boolean> = {},
  interrupted?: NodeJS.Signals,
) {
  const plan = buildPlan(flags, [tool]);
  return decideExitStatus({
    outcome,
    classification: classifyOutcome(models[tool], outcome),
    normalize: plan.normalize,
    map: plan.map,
    ...(interrupted ? { interrupted } : {}),
  });
}

describe('notZeroWhenOutputLost', () => {
  it.each([
    [{ kind: 'code', code: 0 }, false, { kind: 'code', code: 0 }],
    // lost output is never success; a failure keeps its own status, a signal is re-raised still
    [{ kind: 'code', code: 0 }, true, { kind: 'code', code: 1 }],
    [{ kind: 'code', code: 3 }, true, { kind: 'code', code: 3 }],
    [
      { kind: 'signal', signal: 'SIGTERM', fallbackCode: 143 },
      true,
      { kind: 'signal', signal: 'SIGTERM', fallbackCode: 143 },
    ],
  ] as const)('%o, lost %s: %o', (status, lost, expected) => {
    expect(notZeroWhenOutputLost(status, lost)).toEqual(expected);
  });
});

describe('decideExitStatus', () => {
  it('passes the raw code through by default', () => {
    for (const code of [0, 1, 4, 141, 255])
      expect(status('buck2', { kind: 'exited', code })).toEqual({ kind: 'code', code });
  });
  it('re-raises a signal death', () => {
    expect(status('generic', { kind: 'signaled', signal: 'SIGTERM' })).toEqual({
      kind: 'signal',
      signal: 'SIGTERM',
      fallbackCode: 143,
    });
  });
  it.each([
    [141, 130],
    [130, 141],
    [4, 4],
    [11, 11],
    [42, 1],
    [32, 32],
    [64, 64],
    [12, 12],
    [2, 2],
    [0, 0],
  ])('--normalize: buck2 %i -> %i', (code, normalized) => {
    expect(status('buck2', { kind: 'exited', code }, { normalize: true })).toEqual({ kind: 'code', code: normalized });
  });
  it('--normalize: docker container codes are failure (1), 125 infra (2)', () => {
    expect(status('docker', { kind: 'exited', code: 3 }, { normalize: true })).toEqual({ kind: 'code', code: 1 });
    expect(status('docker', { kind: 'exited', code: 125 }, { normalize: true })).toEqual({ kind: 'code', code: 2 });
  });
  it('--map flaky=N makes a flaky success exit N, and only a flaky one', () => {
    const plan = buildPlan({ map: 'flaky=7' }, ['sh']);
    const success: Outcome = { kind: 'exited', code: 0 };
    const inputs = {
      outcome: success,
      classification: classifyOutcome(models.generic, success),
      normalize: false,
      map: plan.map,
    };
    expect(decideExitStatus({ ...inputs, flaky: true })).toEqual({ kind: 'code', code: 7 });
    expect(decideExitStatus({ ...inputs, flaky: false })).toEqual({ kind: 'code', code: 0 });
    expect(decideExitStatus(inputs)).toEqual({ kind: 'code', code: 0 });
  });

  it('--map remaps by category or code after normalizing', () => {
    expect(status('buck2', { kind: 'exited', code: 64 }, { map: 'no-tests=0' })).toEqual({ kind: 'code', code: 0 });
    expect(status('buck2', { kind: 'exited', code: 141 }, { normalize: true, map: '130=1' })).toEqual({
      kind: 'code',
      code: 1,
    });
    expect(status('generic', { kind: 'signaled', signal: 'SIGKILL' }, { map: 'signal=3' })).toEqual({
      kind: 'code',
      code: 3,
    });
  });
  it('a timeout exits 124, normalized 6', () => {
    const outcome: Outcome = { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'signaled', signal: 'SIGTERM' } };
    expect(status('generic', outcome)).toEqual({ kind: 'code', code: 124 });
    expect(status('generic', outcome, { normalize: true })).toEqual({ kind: 'code', code: 6 });
  });
  it('an interrupt always ends with its signal', () => {
    expect(
      status('buck2', { kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 141 } }, {}, 'SIGINT'),
    ).toEqual({
      kind: 'signal',
      signal: 'SIGINT',
      fallbackCode: 130,
    });
    expect(status('buck2', { kind: 'exited', code: 4 }, { map: '4=0' }, 'SIGTERM')).toEqual({
      kind: 'signal',
      signal: 'SIGTERM',
      fallbackCode: 143,
    });
  });
  it('spawn failures exit 127 and 126', () => {
    expect(status('generic', { kind: 'spawn-error', errno: 'ENOENT', message: '' })).toEqual({
      kind: 'code',
      code: 127,
    });
    expect(status('generic', { kind: 'spawn-error', errno: 'EACCES', message: '' }, { normalize: true })).toEqual({
      kind: 'code',
      code: 126,
    });
  });
});
