// What a tool's own structured report said about a command (bazel's build event protocol, buck2's
// command report), read by the pure readers next to this file.
type StructuredFormat = 'bazel-bep' | 'buck2-command-report';

interface StructuredReport {
  format: StructuredFormat;
  // the exit code the tool reported
  code: number;
  // the tool's name for that code (BEP's exitCode.name), when the report has one
  name?: string;
  // the failure the report names: BEP's failureDetail (category.code: message)
  detail?: string;
  // the error messages the report lists (buck2's error_messages), fed to the model's message rules
  messages: readonly string[];
  // buck2's tier inside exit 2, from the build report written next to the command report
  tiering?: Buck2Tiering;
}

// The most of a report file xrun reads: real ones are kilobytes to a few megabytes; a larger one (millions
// of messages) would cost seconds and gigabytes to parse on every attempt, so the exit code decides instead.
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
export const MAX_REPORT_SHOWN = '16 MiB';

// A report file read: its content, or why there is none to use.
export type StructuredReading =
  | { kind: 'read'; report: StructuredReport }
  | { kind: 'missing' }
  | { kind: 'malformed'; problem: string };

// The report file's path and the text it held (undefined: no file).
export type StructuredReader = (text: string) => StructuredReading;

// What the report adds to a classification (the run report and its readers show it).
export interface StructuredNote {
  format: StructuredFormat;
  code: number;
  name: string | null;
  detail: string | null;
  // the report's code is the exit code: it decided the classification (else the exit code did:
  // `bazel run` and `buck2 run` exit with the program's code, the report with the build's)
  decided: boolean;
  // buck2's build report: the tier of its errors (environment, internal) and the tag that decided it
  tier?: Buck2Tiering['tier'];
  tag?: string | null;
}

// Which of buck2's two tiers inside exit 2 a build was: `environment` (remote execution or cache
// connection and deadlines, memory pressure, a certificate: a retry may cure it) or `internal` (buck2's
// tier0: a panic, a daemon that failed to start; an error with no tier counts as this), and the tag
// that decided (null: untagged, or decided by the report's own error_category).
export interface Buck2Tiering {
  tier: 'environment' | 'internal' | 'user';
  tag: string | null;
}
