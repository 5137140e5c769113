import { existsSync } from 'node:fs';
import { parseCommand } from '../command/parse.js';
import { mapStrings, safeLine } from '../command/redact.js';
import { subcommandWords } from '../command/tools.js';
import type { ExitStatus } from '../model/exit-status.js';
import { type Explanation, explain, explainTable, explainText } from '../model/explain.js';
import { decideRetry } from '../model/policy.js';
import { outputFlagPatterns } from '../model/rules.js';
import {
  classifyWithReport,
  MAX_REPORT_BYTES,
  MAX_REPORT_SHOWN,
  readReportOf,
  reportSaidLine,
} from '../model/structured/index.js';
import { models, TOOL_NAMES, type ToolName } from '../model/tools/index.js';
import { writeStdout } from '../process/stdio.js';
import { REPORT_SCHEMA_VERSION } from '../run/report.js';
import { explainReportLines } from '../run/report-explain.js';
import { readXrunReport } from '../run/report-read.js';
import { readFileWithin } from '../settings/bounded-file.js';
import { planFrom } from '../settings/layers.js';
import { loadSettings } from '../settings/load.js';
import { parseSignal, parseTool } from '../settings/plan.js';
import type { RunSettings } from '../settings/table.js';
import { UsageError } from '../settings/usage-error.js';
import { parseExplainLine } from './argv.js';

// `xrun explain CODE [--tool NAME] [run options] [-- command]`, `xrun explain --signal NAME` and
// `xrun explain FILE` (xrun's own report, or a tool's): prints what the model and the effective policy (flags,
// environment, config) make of it; a command after `--` picks the tool (unless --tool does) and the
// subcommand. Throws UsageError.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const dash = argv.indexOf('--');
  const line = parseExplainLine(dash < 0 ? argv : argv.slice(0, dash));
  if (dash >= 0 && dash === argv.length - 1)
    throw new UsageError('explain: give a command after -- (e.g. xrun explain 3 -- bazel query //...)');
  const command = dash < 0 ? undefined : parseCommand(argv.slice(dash + 1));
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  if ((line.code === undefined) === (line.signal === undefined))
    throw new UsageError('explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)');
  if (line.code !== undefined && !/^\d+$/.test(line.code) && existsSync(line.code))
    return explainReportFile(line.code, line.settings);
  const subject = line.signal === undefined ? parseCode(line.code!) : parseSignal(line.signal);
  const given = line.settings.tool === undefined ? command?.tool : parseTool(line.settings.tool);
  const tools: readonly ToolName[] = given === undefined ? TOOL_NAMES : [given];
  const explanations = tools.map((tool) => {
    const settings = { ...line.settings, tool };
    const plan = planFrom(loadSettings(settings, command ?? [tool]), command ?? [tool]);
    const output = outputFlagPatterns(plan.policy.deciders);
    return explain(
      tool,
      subject,
      plan.policy,
      output.retry.length + output.stop.length > 0 ? output : undefined,
      subcommandWords(tool, command?.effectiveArgv),
    );
  });
  writeStdout(explanations.length === 1 ? explainText(shown(explanations[0]!)) : explainTable(explanations.map(shown)));
  return { kind: 'code', code: 0 };
}

// `xrun explain FILE`: xrun's own report (--report), what each attempt did and why; or a tool's own
// report (bazel's build event file, buck2's command report) read as --structured reads it, and its code
// explained under the effective policy.
function explainReportFile(file: string, settings: RunSettings): ExitStatus {
  const text = reportText(file);
  if (explainXrunReport(file, text)) return { kind: 'code', code: 0 };
  const { tool, reading } = readReportOf(text, settings.tool === undefined ? undefined : parseTool(settings.tool));
  if (reading.kind !== 'read')
    throw new UsageError(
      `explain: ${file} is not a report xrun reads (${reading.kind === 'missing' ? 'empty' : reading.problem})`,
    );
  const plan = planFrom(loadSettings({ ...settings, tool }, [tool]), [tool]);
  const code = reading.report.code;
  const classification = classifyWithReport(models[tool], { kind: 'exited', code }, '', reading);
  const outcome = { kind: 'exited', code } as const;
  const explanation = {
    ...explain(tool, code, plan.policy),
    classification,
    decision: decideRetry(outcome, classification, 1, plan.policy),
  };
  writeStdout(
    `${explainText(shown(explanation))}${reportSaidLine(mapStrings(classification.structured!, safeLine))}\n`,
  );
  return { kind: 'code', code: 0 };
}

// Explains the file if it is xrun's own report (told by its schemaVersion and xrunVersion); whether it was.
function explainXrunReport(file: string, text: string): boolean {
  const reading = readXrunReport(parsedJson(text));
  if (reading.kind === 'not-xrun') return false;
  const quoted = JSON.stringify(file);
  if (reading.kind === 'other-version')
    throw new UsageError(
      `explain: ${quoted} is an xrun report of schema version ${versionText(reading.version)}; this xrun reads version ${REPORT_SCHEMA_VERSION}`,
    );
  if (reading.kind === 'malformed')
    throw new UsageError(`explain: ${quoted} is not a valid xrun report (${reading.problem})`);
  writeStdout(`${explainReportLines(reading.report).join('\n')}\n`);
  return true;
}

// A version as the file gave it, when it is a number (anything else could be any length).
function versionText(version: unknown): string {
  return typeof version === 'number' ? String(version) : `of type ${version === null ? 'null' : typeof version}`;
}

// The JSON value of a file's text; undefined when it is not JSON (a tool's report may not be).
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// An explanation's text made safe, one line per field (a tool report's name and failure detail are the
// tool's own text; a flag's pattern the user's); the policy keeps its compiled patterns.
function shown(e: Explanation): Explanation {
  return { ...mapStrings({ ...e, policy: undefined }, safeLine), policy: e.policy };
}

// The report file's text, read up to the bound --structured reads; anything else is one line.
function reportText(file: string): string {
  const found = readFileWithin(file, MAX_REPORT_BYTES);
  if (found.kind === 'text') return found.text;
  const quoted = JSON.stringify(file);
  const expected = 'expected a report file (an xrun --report, a build event file or a command report)';
  if (found.kind === 'not-regular') throw new UsageError(`explain: ${quoted} is ${found.what}, ${expected}`);
  if (found.kind === 'too-large')
    throw new UsageError(`explain: ${quoted} is larger than ${MAX_REPORT_SHOWN}, more than a report xrun reads`);
  throw new UsageError(`explain: ${quoted} cannot be read (${found.kind === 'missing' ? 'ENOENT' : found.code})`);
}

function parseCode(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 255)
    throw new UsageError(`explain: expected an exit code 0-255, got '${text}'`);
  return Number(text);
}
