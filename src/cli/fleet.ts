import { parseCommand } from '../command/parse.js';
import { safeLine, xrunLine } from '../command/redact.js';
import { formatDuration } from '../model/duration.js';
import type { ExitStatus } from '../model/exit-status.js';
import { circuitAt, retryAllowance } from '../model/fleet-budget.js';
import { connectFleet, type ServiceWindow } from '../process/fleet/client.js';
import { writeStderr, writeStdout } from '../process/stdio.js';
import { fleetSettings } from '../settings/fleet-settings.js';
import { loadSettings } from '../settings/load.js';
import { SETTING } from '../settings/table.js';
import { UsageError } from '../settings/usage-error.js';
import { parseFleetLine } from './argv.js';

// `xrun fleet [--fleet URL] [--json]`: each service's window as the fleet's Redis keeps it.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseFleetLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  const resolved = loadSettings(line.fleet === undefined ? {} : { fleet: line.fleet }, parseCommand(['generic']));
  const { fleet } = fleetSettings(resolved.settings, (key) => resolved.origins[key] ?? SETTING[key].flag.long);
  if (!fleet) throw new UsageError('fleet: no fleet given (--fleet URL, XRUN_FLEET or the config\'s "fleet")');
  let failure: string | undefined;
  const connection = connectFleet({
    ...fleet,
    callTimeoutMs: Math.max(fleet.callTimeoutMs, 1000),
    warn: (text) => (failure ??= text),
  });
  const windows: FleetRow[] = [];
  for (const service of (await connection.services()) ?? []) {
    const window = await connection.call('read', service);
    if (window) windows.push(rowOf(service, window));
  }
  await connection.close();
  if (failure !== undefined) {
    writeStderr(`${xrunLine(failure.replace(/: retrying as without --fleet.*$/, ''))}\n`);
    return { kind: 'code', code: 1 };
  }
  writeStdout(
    line.json
      ? `${JSON.stringify({ fleet: fleet.address.shown, services: windows }, null, 2)}\n`
      : fleetText(fleet.address.shown, windows),
  );
  return { kind: 'code', code: 0 };
}

export interface FleetRow {
  service: string;
  windowMs: number;
  firstAttempts: number;
  retries: number;
  refused: number;
  // the retries the budget allows in the window
  allowed: number;
  ended: number;
  transientFailures: number;
  // the flaky report: the runs that succeeded only on a retry, their share of the runs (first attempts),
  // the times the circuit opened, and the retries asked (granted or refused) per category, most first
  flakyRuns: number;
  flakyShare: number;
  circuitTrips: number;
  retryCategories: Record<string, number>;
  circuit: 'closed' | 'open' | 'half-open';
  // while open: how long until a probe may retry
  reopensInMs?: number;
}

// One service's window, its estimates rounded. Pure.
export function rowOf(service: string, w: ServiceWindow): FleetRow {
  const round = (n: number) => Math.round(n * 10) / 10;
  const circuit = circuitAt({ circuit: w.circuit, until: w.until } as Parameters<typeof circuitAt>[0], w.now);
  return {
    service,
    windowMs: w.windowMs,
    firstAttempts: round(w.firsts),
    retries: round(w.retries),
    refused: round(w.refused),
    allowed: Math.floor(retryAllowance(w, w)),
    ended: round(w.ended),
    transientFailures: round(w.transient),
    flakyRuns: round(w.flaky),
    flakyShare: w.firsts > 0 ? Math.round((w.flaky / w.firsts) * 1000) / 1000 : 0,
    circuitTrips: round(w.trips),
    retryCategories: Object.fromEntries(
      Object.entries(w.causes)
        .map(([category, n]) => [category, round(n)] as const)
        .filter(([, n]) => n > 0)
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    ),
    circuit,
    ...(circuit === 'open' ? { reopensInMs: Math.max(0, w.until - w.now) } : {}),
  };
}

// The table `xrun fleet` prints. Pure.
export function fleetText(address: string, rows: readonly FleetRow[]): string {
  // the address and the service names come from outside (a flag, the shared Redis): one line each
  const shown = safeLine(address);
  if (rows.length === 0)
    return `fleet: ${shown}\nno service has a window (no xrun with this --fleet in the last windows)\n`;
  const header = [
    'service',
    'window',
    'runs',
    'flaky',
    'retries',
    'allowed',
    'refused',
    'failures',
    'trips',
    'circuit',
    'retried for',
  ];
  const cells = rows.map((r) => [
    safeLine(r.service),
    formatDuration(r.windowMs),
    String(r.firstAttempts),
    `${r.flakyRuns} (${Math.round(r.flakyShare * 100)}%)`,
    String(r.retries),
    String(r.allowed),
    String(r.refused),
    `${r.transientFailures}/${r.ended}`,
    String(r.circuitTrips),
    r.reopensInMs === undefined ? r.circuit : `open (probe in ${Math.ceil(r.reopensInMs / 1000)}s)`,
    causesText(r.retryCategories),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const lines = [header, ...cells].map((c) =>
    c
      .map((text, i) => text.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
  return `fleet: ${shown}\n${lines.join('\n')}\n`;
}

// `connect 12, network 3`: the retries asked per category, most first; '-' for none.
function causesText(categories: Record<string, number>): string {
  const parts = Object.entries(categories).map(([category, n]) => `${safeLine(category)} ${n}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}
