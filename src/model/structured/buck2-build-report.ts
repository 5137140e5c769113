import type { Classification } from '../classify.js';
import { BUCK2_RANKED_TAGS, type Buck2Tier } from '../tools/buck2-tags.js';
import type { Buck2Tiering } from './report.js';

export type { Buck2Tiering } from './report.js';

const RANK = new Map<string, { rank: number; tier: Buck2Tier }>(
  BUCK2_RANKED_TAGS.flatMap(([tier, tags]) => tags.map((tag) => [tag, tier] as const)).map(([tag, tier], rank) => [
    tag,
    { rank, tier },
  ]),
);

// facebook/buck2 app/buck2_build_api/src/build/build_report.rs (BuildReport, BuildReportEntry,
// ConfiguredBuildReportEntry, BuildReportError), written by --build-report=PATH as pretty JSON: each
// target of `results` holds `errors` and, per configuration, `configured.<cfg>.errors`; each error has
// `error_tags` (the proto names of its tags, sorted by name) and, from release 2025-09-15,
// `error_category`; the report has `error_category` (USER, INFRA, ENVIRONMENT) when the build failed.
// As buck2 does (classify.rs best_error, best_tag): the best-ranked tag of all errors decides the tier;
// none known, the report's error_category; none, INFRA. Undefined: not a build report, or no error.
export function readBuck2BuildReport(text: string): Buck2Tiering | undefined {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(report) || !isObject(report['results'])) return undefined;
  const tags = Object.values(report['results'])
    .flatMap(entryErrors)
    .flatMap((e) => (Array.isArray(e['error_tags']) ? e['error_tags'] : []));
  const best = tags
    .filter((t): t is string => typeof t === 'string' && RANK.has(t))
    .sort((a, b) => RANK.get(a)!.rank - RANK.get(b)!.rank)[0];
  if (best !== undefined) return { tier: tierOf(RANK.get(best)!.tier), tag: best };
  const category = report['error_category'];
  if (category === 'ENVIRONMENT') return { tier: 'environment', tag: null };
  if (category === 'USER') return { tier: 'user', tag: null };
  return category === 'INFRA' || report['success'] === false ? { tier: 'internal', tag: null } : undefined;
}

function tierOf(tier: Buck2Tier): Buck2Tiering['tier'] {
  return tier === 'tier0' ? 'internal' : tier === 'input' ? 'user' : tier;
}

// A target's errors: its own and each configuration's.
function entryErrors(entry: unknown): Record<string, unknown>[] {
  if (!isObject(entry)) return [];
  const configured = isObject(entry['configured']) ? Object.values(entry['configured']) : [];
  return [entry, ...configured].flatMap((e) =>
    isObject(e) && Array.isArray(e['errors']) ? e['errors'].filter(isObject) : [],
  );
}

// Exit 2 read with the build report's tiers: environment stays `infra` (what --retry-on infra retries);
// internal is a failure a retry will not cure, `failure` (buck2's own number, 2, kept as the normalized code).
export function withBuck2Tier(c: Classification, tiering: Buck2Tiering | undefined): Classification {
  if (tiering === undefined || c.rawCode !== 2 || c.name !== 'InfraError') return c;
  const tag = tiering.tag === null ? 'untagged' : `tag ${tiering.tag}`;
  if (tiering.tier === 'environment')
    return { ...c, name: 'EnvironmentError', meaning: `environment failure a retry may cure (${tag})` };
  return {
    ...c,
    category: 'failure',
    name: 'InternalError',
    meaning: `buck2 internal failure a retry will not cure (${tag})`,
    normalizedCode: 2,
  };
}

// What explain says of buck2's 2.
export const BUCK2_TIERS_NOTE =
  "with --structured, the build report's error tags split it (build, install, bxl): an environment tag (RE_CONNECTION, RE_DEADLINE_EXCEEDED, SERVER_MEMORY_PRESSURE, DAEMON_DISCONNECT, CERT_EXPIRED...) stays infra, EnvironmentError; a tier0 tag (SERVER_PANICKED, DAEMON_STARTUP_FAILED...) or none is InternalError, category failure, not retried by --retry-on infra";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
