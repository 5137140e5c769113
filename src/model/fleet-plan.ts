import type { FleetLimits } from './fleet-budget.js';
import type { FleetAddress } from './fleet-url.js';

// What --fleet and its settings ask of a run (settings/fleet-settings.ts validates them).
export interface FleetPlan {
  address: FleetAddress;
  limits: FleetLimits;
  // the bound of each call to the fleet's Redis (--fleet-timeout)
  callTimeoutMs: number;
  // --fleet-key, else derived from the command (command/fleet-key.ts)
  key?: string;
}
