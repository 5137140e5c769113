import { CATEGORY_CODES, type Category } from './categories.js';
import type { Classification } from './classify.js';
import { signalNumber } from './outcome.js';
import type { ToolName } from './tools/index.js';

// Codes whose meaning depends on the tool's release (docs/exit-codes.md, "Codes that changed meaning
// between releases"). Pure: the release is found by process/tools/tool-release.ts, only when such a code is
// seen, and read here.

// One meaning of a code and the releases it belongs to: `from` (inclusive) and `until` (exclusive),
// compared as the tool numbers its releases (buck2: YYYY-MM-DD; bazel: X.Y.Z).
interface ReleaseReading {
  from?: string;
  until?: string;
  // how explain and the meaning name the range: `2023-11-01 and later`
  range: string;
  name: string;
  category: Category;
  meaning: string;
  signal?: NodeJS.Signals;
}

interface ReleaseDependentCode {
  // the model's own reading of the code (its name), which the release refines; another (a
  // subcommand's passthrough, a message rule) is left alone
  modelName: string;
  source: string;
  readings: readonly ReleaseReading[];
}

const BUCK2_SWAP = 'facebook/buck2 app/buck2_error/src/exit_code.rs; commit d63c2fa5f4 (first in release 2023-11-01)';
const BAZEL_EXIT_CODE = 'bazelbuild/bazel src/main/java/com/google/devtools/build/lib/util/ExitCode.java';
const NOT_BAZEL = {
  name: 'NotABazelCode',
  category: 'failure',
  meaning: 'not a code bazel exits with in this release',
} as const;

const RELEASE_DEPENDENT: Partial<Record<ToolName, Readonly<Record<number, ReleaseDependentCode>>>> = {
  buck2: {
    130: {
      modelName: 'ClientIoBrokenPipe',
      source: BUCK2_SWAP,
      readings: [
        {
          from: '2023-11-01',
          range: '2023-11-01 and later',
          name: 'ClientIoBrokenPipe',
          category: 'signal',
          signal: 'SIGPIPE',
          meaning: 'stdout or stderr closed under buck2 (EPIPE)',
        },
        {
          until: '2023-11-01',
          range: 'up to 2023-10-15',
          name: 'SignalInterrupt',
          category: 'signal',
          signal: 'SIGINT',
          meaning: 'interrupted by Ctrl-C / SIGINT',
        },
      ],
    },
    141: {
      modelName: 'SignalInterrupt',
      source: BUCK2_SWAP,
      readings: [
        {
          from: '2023-11-01',
          range: '2023-11-01 and later',
          name: 'SignalInterrupt',
          category: 'signal',
          signal: 'SIGINT',
          meaning: 'interrupted by Ctrl-C / SIGINT',
        },
        {
          until: '2023-11-01',
          range: 'up to 2023-10-15',
          name: 'ClientIoBrokenPipe',
          category: 'signal',
          signal: 'SIGPIPE',
          meaning: 'stdout closed under buck2 (EPIPE)',
        },
      ],
    },
  },
  bazel: {
    39: {
      modelName: 'REMOTE_CACHE_EVICTED',
      source: `${BAZEL_EXIT_CODE}; bazelbuild/bazel#17496 (6.1.0)`,
      readings: [
        {
          from: '6.1.0',
          range: '6.1.0 and later',
          name: 'REMOTE_CACHE_EVICTED',
          category: 'infra',
          meaning: 'blobs were evicted from the remote cache',
        },
        { until: '6.1.0', range: 'before 6.1.0', ...NOT_BAZEL },
      ],
    },
    48: {
      modelName: 'EXTERNAL_DEPS_ERROR',
      source: `${BAZEL_EXIT_CODE} (absent from 4.2.3's)`,
      readings: [
        {
          from: '4.2.4',
          range: 'after 4.2.3',
          name: 'EXTERNAL_DEPS_ERROR',
          category: 'infra',
          meaning: 'external dependency (repository or module) error',
        },
        { until: '4.2.4', range: '4.2.3 and earlier', ...NOT_BAZEL },
      ],
    },
  },
};

// The release a tool says it is, from its `--version` output: buck2's `buck2 2025-09-15-<commit>`
// (releases built from 2025-04-01; other builds print a hash), bazel's `bazel 7.4.1`. Undefined: unknown.
export function parseRelease(tool: ToolName, versionOutput: string): string | undefined {
  if (tool === 'buck2') return /^buck2 (\d{4}-\d{2}-\d{2})\b/m.exec(versionOutput)?.[1];
  if (tool === 'bazel') return /^bazel (\d+\.\d+\.\d+)\b/m.exec(versionOutput)?.[1];
  return undefined;
}

// Whether a classification's meaning hangs on the tool's release: only then is the release looked up.
export function needsRelease(c: Classification): boolean {
  return c.rawCode !== null && c.via === undefined && dependentCode(c) !== undefined;
}

function dependentCode(c: Classification): ReleaseDependentCode | undefined {
  const entry = c.rawCode === null ? undefined : RELEASE_DEPENDENT[c.tool]?.[c.rawCode];
  return entry?.modelName === c.name ? entry : undefined;
}

// The classification as the release reads it; `release` undefined: unknown, so the model's reading
// (the newest) stands and the meaning names the other. `release` is what --version said (or null).
export function withRelease(c: Classification, release: string | undefined): Classification {
  const entry = dependentCode(c);
  if (!entry) return c;
  const reading = release === undefined ? undefined : entry.readings.find((r) => inRange(release, r));
  const shown = release ?? 'unknown';
  if (!reading) {
    const others = entry.readings.filter((r) => r.name !== c.name).map((r) => `${r.range}: ${r.name}`);
    return {
      ...c,
      meaning: `${c.meaning} (release ${shown}; ${others.join('; ')})`,
      release: { version: release ?? null, range: null },
    };
  }
  const noted = { release: { version: release ?? null, range: reading.range } };
  if (reading.name === c.name) return { ...c, meaning: `${c.meaning} (release ${shown}: ${reading.range})`, ...noted };
  const { name, category, meaning, signal } = reading;
  const normalizedCode = signal ? 128 + (signalNumber(signal) ?? 0) : CATEGORY_CODES[category];
  const { signal: _old, ...rest } = c;
  return {
    ...rest,
    name,
    category,
    meaning: `${meaning} (release ${shown}: ${reading.range})`,
    source: entry.source,
    normalizedCode,
    ...(signal ? { signal } : {}),
    ...noted,
  };
}

// What explain says of a release-dependent code: each meaning and its releases.
export function releasesNote(tool: ToolName, code: number): string | undefined {
  const entry = RELEASE_DEPENDENT[tool]?.[code];
  if (!entry) return undefined;
  const readings = entry.readings.map((r) => `${r.range}: ${r.name} (${r.signal ?? r.category})`).join('; ');
  return `${readings}; a run asks \`${tool} --version\` when it sees ${code} (cached per binary)`;
}

// Release `v` within [from, until): buck2's dates compare as text, bazel's X.Y.Z number by number.
function inRange(v: string, r: ReleaseReading): boolean {
  return (
    (r.from === undefined || compareRelease(v, r.from) >= 0) &&
    (r.until === undefined || compareRelease(v, r.until) < 0)
  );
}

function compareRelease(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
