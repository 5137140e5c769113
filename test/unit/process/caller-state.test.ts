import { describe, expect, it } from 'vitest';
import { parseCallerState, takeCallerState } from '../../../src/process/caller-state.js';

describe('parseCallerState (what bin/xrun tells)', () => {
  it.each([
    [undefined, [], []],
    ['', [], []],
    ['closed=1 ignored=0', [1], []],
    ['closed=021 ignored=4096', [0, 1, 2], [13]],
    ['closed= ignored=4100', [], [3, 13]],
    ['closed= ignored=2147483648', [], []],
    // SIGHUP plus the realtime signal 64: a mask past 2^53 keeps its low bits
    ['closed= ignored=9223372036854775809', [], [1]],
    ['closed=9 ignored=x', [], []],
    // bit N-1 of the mask is signal N, 1 to 31 (SigIgn of /proc/self/stat)
    ['ignored=1', [], [1]],
    ['ignored=2147483647', [], Array.from({ length: 31 }, (_, i) => i + 1)],
    // signal 33 (a realtime one, bit 32) and SIGPIPE
    ['ignored=4294971392', [], [13]],
    // each descriptor once, in order; the two fields in either order
    ['closed=22 ignored=0', [2], []],
    ['closed=10', [0, 1], []],
    ['ignored=4096 closed=0', [0], [13]],
    // a field is a whole word
    ['xclosed=1 myignored=4096', [], []],
  ])('%j -> closed %j, ignored %j', (value, closedFds, ignoredSignals) =>
    expect(parseCallerState(value)).toEqual({ closedFds, ignoredSignals }),
  );

  it('is taken out of the environment once, and kept', () => {
    const env: NodeJS.ProcessEnv = { XRUN_CALLER_STATE: 'closed=2 ignored=0', OTHER: 'x' };
    expect(takeCallerState(env)).toEqual({ closedFds: [2], ignoredSignals: [] });
    expect(env).toEqual({ OTHER: 'x' });
    expect(takeCallerState({})).toEqual({ closedFds: [2], ignoredSignals: [] });
  });
});
