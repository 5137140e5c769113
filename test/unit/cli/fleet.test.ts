import { describe, expect, it } from 'vitest';
import { fleetText, rowOf } from '../../../src/cli/fleet.js';
import type { ServiceWindow } from '../../../src/process/fleet/client.js';

const WINDOW: ServiceWindow = {
  verdict: 'recorded',
  firsts: 40,
  retries: 12.04,
  refused: 3,
  ended: 55,
  transient: 9,
  flaky: 6,
  trips: 1,
  causes: { network: 4, connect: 11, 'rate-limit': 0.02 },
  circuit: 'closed',
  until: 0,
  now: 1000,
  windowMs: 60_000,
  ratio: 0.2,
  floor: 10,
};

describe('xrun fleet: the flaky report', () => {
  it('a row: runs, flaky runs and their share, trips, the retries asked per category (most first, none at 0)', () => {
    expect(rowOf('docker:ghcr.io', WINDOW)).toEqual({
      service: 'docker:ghcr.io',
      windowMs: 60_000,
      firstAttempts: 40,
      retries: 12,
      refused: 3,
      allowed: 18,
      ended: 55,
      transientFailures: 9,
      flakyRuns: 6,
      flakyShare: 0.15,
      circuitTrips: 1,
      retryCategories: { connect: 11, network: 4 },
      circuit: 'closed',
    });
    expect(rowOf('idle', { ...WINDOW, firsts: 0, flaky: 0, causes: {} })).toMatchObject({
      flakyShare: 0,
      retryCategories: {},
    });
  });

  it('the table', () => {
    const rows = [
      rowOf('docker:ghcr.io', WINDOW),
      rowOf('bazel:web', { ...WINDOW, firsts: 3, flaky: 0, trips: 0, causes: {}, circuit: 'open', until: 5000 }),
    ];
    expect(fleetText('redis://cache', rows)).toBe(
      [
        'fleet: redis://cache',
        'service         window  runs  flaky    retries  allowed  refused  failures  trips  circuit             retried for',
        'docker:ghcr.io  1m      40    6 (15%)  12       18       3        9/55      1      closed              connect 11, network 4',
        'bazel:web       1m      3     0 (0%)   12       10       3        9/55      0      open (probe in 4s)  -',
        '',
      ].join('\n'),
    );
  });
});
