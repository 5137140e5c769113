import { parseDuration } from '../model/duration.js';
import { TRIP_MIN, TRIP_SHARE } from '../model/fleet-budget.js';
import type { FleetPlan } from '../model/fleet-plan.js';
import { parseFleetUrl } from '../model/fleet-url.js';
import {
  DEFAULT_FLEET_BUDGET,
  MAX_FLEET_FLOOR,
  MAX_FLEET_RATIO,
  RUN_SETTING,
  type RunSettings,
  type SettingKey,
} from './run-table.js';
import { UsageError } from './usage-error.js';

// --fleet and its settings, validated (each of them, as every setting is, even without --fleet);
// a fleet plan only with --fleet. A default is taken as its number: a plain run parses nothing here.
export function fleetSettings(settings: RunSettings, where: (key: SettingKey) => string): { fleet?: FleetPlan } {
  const url = settings.fleet === undefined || settings.fleet === '' ? undefined : parseFleetUrl(settings.fleet);
  if (url && !url.ok) throw new UsageError(`${where('fleet')}: ${url.problem}`);
  const budget =
    settings.fleetBudget === undefined
      ? { ratio: DEFAULT_FLEET_BUDGET.percent / 100, floor: DEFAULT_FLEET_BUDGET.floor }
      : parseFleetBudget(where('fleetBudget'), settings.fleetBudget);
  const durationOf = (key: 'fleetWindow' | 'fleetCooldown' | 'fleetTimeout', minMs: number) => {
    const text = settings[key];
    return text === undefined ? RUN_SETTING[key].default.ms : durationAt(where(key), text, minMs);
  };
  const windowMs = durationOf('fleetWindow', 1000);
  const cooldownMs = durationOf('fleetCooldown', 1);
  const callTimeoutMs = durationOf('fleetTimeout', 1);
  const key = settings.fleetKey;
  if (key !== undefined && !/^[\w.:/@=+-]{1,200}$/.test(key)) {
    throw new UsageError(
      `${where('fleetKey')}: '${key}' is not a service name (letters, digits and . : / @ = + - _, at most 200)`,
    );
  }
  if (!url) return {};
  return {
    fleet: {
      address: url.address,
      limits: { ...budget, windowMs, cooldownMs, tripShare: TRIP_SHARE, tripMin: TRIP_MIN },
      callTimeoutMs,
      ...(key === undefined ? {} : { key }),
    },
  };
}

// `0.2`, `20%`, `20%+10`, `0.2+10`: the share of first attempts retries may add, and the floor per window.
function parseFleetBudget(where: string, text: string): { ratio: number; floor: number } {
  const match = /^(\d+(?:\.\d+)?)(%?)(?:\+(\d+))?$/.exec(text.trim());
  const ratio = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
  const floor = match?.[3] === undefined ? DEFAULT_FLEET_BUDGET.floor : Number(match[3]);
  if (!match || !(ratio <= MAX_FLEET_RATIO) || floor > MAX_FLEET_FLOOR)
    throw new UsageError(
      `${where}: '${text}' is not a budget (a ratio of first attempts, at most ${MAX_FLEET_RATIO}, and a floor, at most ${MAX_FLEET_FLOOR}: 0.2, 20%, 20%+10)`,
    );
  return { ratio, floor };
}

function durationAt(where: string, text: string, minMs: number): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new UsageError(`${where}: ${parsed.problem}`);
  if (parsed.ms < minMs)
    throw new UsageError(
      `${where}: '${text}' is too short (at least ${minMs >= 1000 ? `${minMs / 1000}s` : `${minMs}ms`})`,
    );
  return parsed.ms;
}
