import { refusalReason, TRANSIENT_CATEGORIES } from '../model/fleet-budget.js';
import type { FleetPlan } from '../model/fleet-plan.js';
import { connectFleet } from '../process/fleet/client.js';
import type { AttemptRecord, FleetAnswer } from './supervise.js';

// The attempt loop's two fleet effects for one run against `service`, and close() for the run's end.
export interface FleetEffects {
  recordAttempt(record: AttemptRecord): void;
  mayRetry(record: AttemptRecord): Promise<FleetAnswer>;
  close(): Promise<void>;
}

export function fleetEffects(fleet: FleetPlan, service: string, warn: (line: string) => void): FleetEffects {
  const connection = connectFleet({
    address: fleet.address,
    limits: fleet.limits,
    callTimeoutMs: fleet.callTimeoutMs,
    warn,
  });
  return {
    recordAttempt: (record) => {
      const success = record.outcome.kind === 'exited' && record.outcome.code === 0;
      const transient = TRANSIENT_CATEGORIES.has(record.classification.category);
      // not awaited: the loop goes on; close() waits for it
      void connection.call('end', service, [flag(record.attempt === 1), flag(transient), flag(success)]);
    },
    mayRetry: async (record) => {
      // the category that wants the retry: the fleet's flaky report counts retries by it
      const window = await connection.call('retry', service, [record.classification.category]);
      // no answer: fail open (said once by the connection)
      if (
        window === undefined ||
        window.verdict === 'granted' ||
        window.verdict === 'probe' ||
        window.verdict === 'recorded'
      )
        return { granted: true };
      return {
        granted: false,
        reason: refusalReason(window.verdict, service, window, fleet.limits, window.until - window.now),
      };
    },
    close: () => connection.close(),
  };
}

const flag = (on: boolean) => (on ? '1' : '0');
