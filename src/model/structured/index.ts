import { type Classification, classifyExitCode, classifyOutcome } from '../classify.js';
import type { Outcome } from '../outcome.js';
import type { ToolModel, ToolName } from '../tools/index.js';
import { readBep } from './bazel-bep.js';
import { type Buck2Tiering, readBuck2BuildReport, withBuck2Tier } from './buck2-build-report.js';
import { readBuck2CommandReport } from './buck2-command-report.js';
import type { StructuredNote, StructuredReader, StructuredReading } from './report.js';

export type { StructuredNote, StructuredReading } from './report.js';
export { MAX_REPORT_BYTES, MAX_REPORT_SHOWN } from './report.js';

// The tools that write a structured report on request: the option that asks for it (after the
// subcommand), the reader of the file, and what the report is called in xrun's lines.
interface StructuredTool {
  option(path: string): string;
  read: StructuredReader;
  what: string;
  // a second report some subcommands write: buck2's build report, read for the tiers of exit 2
  tiers?: {
    subcommands: readonly string[];
    option(path: string): string;
    read(text: string): Buck2Tiering | undefined;
  };
}

const STRUCTURED_TOOLS: Partial<Record<ToolName, StructuredTool>> = {
  // bazelbuild/bazel src/main/java/com/google/devtools/build/lib/buildeventstream/transports/BuildEventStreamOptions.java
  bazel: { option: (path) => `--build_event_json_file=${path}`, read: readBep, what: 'build event file' },
  // facebook/buck2 app/buck2_client_ctx/src/common.rs (CommonEventLogOptions::command_report_path)
  buck2: {
    option: (path) => `--command-report-path=${path}`,
    read: readBuck2CommandReport,
    what: 'command report',
    // app/buck2_client_ctx/src/common/build.rs (CommonBuildOptions::build_report): build, install, bxl
    // (and test, whose 2 is also a test run with cancellations, and run, whose code is the program's)
    tiers: {
      subcommands: ['build', 'install', 'bxl'],
      option: (path) => `--build-report=${path}`,
      read: readBuck2BuildReport,
    },
  },
};

export function structuredTool(tool: ToolName): StructuredTool | undefined {
  return STRUCTURED_TOOLS[tool];
}

// Classifies an attempt from the tool's report before its exit code: when the report's code is the
// code the command exited with, that code is read with the report's messages and failure detail;
// otherwise (no report, a report of another code, a timeout, a signal) as without a report.
export function classifyWithReport(
  model: ToolModel,
  outcome: Outcome,
  stderrTail: string,
  reading: StructuredReading | undefined,
  subcommand: readonly string[] = [],
): Classification {
  const plain = classifyOutcome(model, outcome, stderrTail, subcommand);
  if (reading?.kind !== 'read') return plain;
  const { report } = reading;
  const decided = outcome.kind === 'exited' && outcome.code === report.code;
  const tiering = report.tiering ? { tier: report.tiering.tier, tag: report.tiering.tag } : {};
  const structured: StructuredNote = {
    format: report.format,
    code: report.code,
    name: report.name ?? null,
    detail: report.detail ?? null,
    decided,
    ...tiering,
  };
  if (!decided) return { ...plain, structured };
  const byReport = classifyExitCode(
    model,
    report.code,
    [...report.messages, stderrTail].filter((t) => t !== '').join('\n'),
    subcommand,
  );
  const tiered = withBuck2Tier(byReport, report.tiering);
  const meaning = report.detail ? `${tiered.meaning} (${report.detail})` : tiered.meaning;
  return { ...tiered, ...(report.name ? { name: report.name } : {}), meaning, structured };
}

// The one line xrun says when a report it asked for could not be used.
export function unusableReportLine(tool: ToolName, reading: StructuredReading): string | undefined {
  const what = STRUCTURED_TOOLS[tool]?.what ?? 'structured report';
  if (reading.kind === 'missing') return `${tool} wrote no ${what}; classified by the exit code`;
  if (reading.kind === 'malformed')
    return `${tool}'s ${what} could not be used (${reading.problem}); classified by the exit code`;
  return undefined;
}

// Reads a report file's text whose tool may be unknown: the tool's reader, else each in turn (a build
// event file is JSON lines with a finished event, a command report one object with exit_code).
export function readReportOf(text: string, tool: ToolName | undefined): { tool: ToolName; reading: StructuredReading } {
  const tools = tool === undefined ? (Object.keys(STRUCTURED_TOOLS) as ToolName[]) : [tool];
  let first: { tool: ToolName; reading: StructuredReading } | undefined;
  for (const candidate of tools) {
    const reading = STRUCTURED_TOOLS[candidate]?.read(text) ?? {
      kind: 'malformed',
      problem: `${candidate} writes no structured report`,
    };
    if (reading.kind === 'read') return { tool: candidate, reading };
    first ??= { tool: candidate, reading };
  }
  return first!;
}

// The line `xrun explain FILE` adds: what the report said.
export function reportSaidLine(note: StructuredNote): string {
  const name = note.name === null ? '' : `: ${note.name}`;
  const tier = note.tier === undefined ? '' : `, build report: ${note.tier} (${note.tag ?? 'untagged'})`;
  return `  report:       ${note.format}${name} (code ${note.code})${note.detail === null ? '' : `, ${note.detail}`}${tier}`;
}
