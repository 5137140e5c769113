import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/settings/plan.js';

describe('--fleet settings', () => {
  it('without --fleet there is no fleet plan, whatever the other fleet settings say', () => {
    expect(buildPlan({ fleetBudget: '5%' }, ['true']).fleet).toBeUndefined();
  });

  it('defaults: 20 % of first attempts plus 10 per 60 s window, a 30 s cool-down, 100 ms per call', () => {
    expect(buildPlan({ fleet: 'redis://r' }, ['true']).fleet).toMatchObject({
      limits: { ratio: 0.2, floor: 10, windowMs: 60_000, cooldownMs: 30_000, tripShare: 0.5, tripMin: 20 },
      callTimeoutMs: 100,
    });
  });

  it.each([
    ['0.1', { ratio: 0.1, floor: 10 }],
    ['5%', { ratio: 0.05, floor: 10 }],
    ['50%+0', { ratio: 0.5, floor: 0 }],
    ['0+3', { ratio: 0, floor: 3 }],
    ['10+1000000', { ratio: 10, floor: 1_000_000 }],
  ])('--fleet-budget %s', (budget, expected) => {
    expect(buildPlan({ fleet: 'redis://r', fleetBudget: budget }, ['true']).fleet?.limits).toMatchObject(expected);
  });

  it.each([
    [{ fleet: 'http://r' }, "--fleet: 'http://r' is not a fleet URL"],
    [{ fleet: 'redis://u:topsecret@r:70000' }, '--fleet: port 70000 is out of range (1-65535)'],
    [{ fleet: 'redis://r', fleetBudget: 'lots' }, "--fleet-budget: 'lots' is not a budget"],
    [{ fleet: 'redis://r', fleetBudget: '2000%' }, "--fleet-budget: '2000%' is not a budget"],
    [{ fleet: 'redis://r', fleetBudget: '20%+1000001' }, "--fleet-budget: '20%+1000001' is not a budget"],
    [
      { fleet: 'redis://r', fleetBudget: '20%+99999999999999999999' },
      "--fleet-budget: '20%+99999999999999999999' is not a budget",
    ],
    [{ fleet: 'redis://r', fleetWindow: '500ms' }, "--fleet-window: '500ms' is too short (at least 1s)"],
    [{ fleet: 'redis://r', fleetWindow: 'soon' }, '--fleet-window: '],
    [{ fleet: 'redis://r', fleetKey: 'has space' }, "--fleet-key: 'has space' is not a service name"],
  ])('refuses %j', (settings, message) => {
    expect(() => buildPlan(settings, ['true'])).toThrow(message);
    try {
      buildPlan(settings, ['true']);
    } catch (error) {
      expect(String(error)).not.toContain('topsecret');
    }
  });
});
