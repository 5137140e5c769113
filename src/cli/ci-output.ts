import { safeLine } from '../command/redact.js';
import { shellQuote } from '../command/shell-quote.js';
import { formatDuration } from '../model/duration.js';
import { giveUpText } from '../run/messages.js';
import type { Report } from '../run/report.js';
import type { AttemptRecord } from '../run/supervise.js';
import type { CiKind } from './colour.js';

// Escapes workflow-command data (GitHub's toolkit: % CR LF), and property values (also : and ,).
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

// Whether attempt `attempt` of `attempts` is folded: every attempt another may follow. The last the
// policy allows is never folded: its output is the one that fails the job. (Output streams live, so an
// attempt that ends the run early was folded from its start; its ::error or end line follows the fold.)
function folded(attempt: number, attempts: number): boolean {
  return attempt < attempts;
}

// The line that opens the fold of attempt `attempt` of `attempts`.
export function attemptStartLine(
  kind: CiKind,
  attempt: number,
  attempts: number,
  id: string,
  nowMs: number,
): string | undefined {
  if (!folded(attempt, attempts)) return undefined;
  const title = `xrun attempt ${attempt} of ${attempts}`;
  if (kind === 'github') return `::group::${escapeData(title)}`;
  if (kind === 'gitlab')
    return `\x1b[0Ksection_start:${Math.floor(nowMs / 1000)}:${sectionName(id, attempt)}[collapsed=true]\r\x1b[0K${title}`;
  return undefined;
}

// The line that closes that fold.
export function attemptEndLine(
  kind: CiKind,
  attempt: number,
  attempts: number,
  id: string,
  nowMs: number,
): string | undefined {
  if (!folded(attempt, attempts)) return undefined;
  if (kind === 'github') return '::endgroup::';
  if (kind === 'gitlab') return `\x1b[0Ksection_end:${Math.floor(nowMs / 1000)}:${sectionName(id, attempt)}\r\x1b[0K`;
  return undefined;
}

function sectionName(id: string, attempt: number): string {
  return `xrun_${id}_attempt_${attempt}`;
}

// GitHub's annotation for a retry: the retry line itself, as a warning
// (::warning title=xrun retry::buck2 exited 4 (DaemonIsBusy: ...); attempt 2 of 5 in 1.3s).
export function retryAnnotation(kind: CiKind, line: string): string | undefined {
  return lineAnnotation(kind, 'xrun retry', line);
}

// "attempt 2 of 5 in 1.3s", as the retry line says it
function nextAttemptText(record: { attempt: number; delayMs?: number | null }, attempts: number): string {
  return `attempt ${record.attempt + 1} of ${attempts} in ${formatDuration(record.delayMs ?? 0)}`;
}

// GitHub's annotation for giving up, in the give-up line's words:
// ::error title=xrun gave up::buck2 exited 4 (DaemonIsBusy: ...); giving up after 5 attempts
export function giveUpAnnotation(kind: CiKind, name: string, record: AttemptRecord): string | undefined {
  if (kind !== 'github') return undefined;
  return annotation('error', 'xrun gave up', giveUpText(name, record.outcome, record.classification, record.attempt));
}

// GitHub's annotation for a flaky run: the end line, as a warning.
export function flakyAnnotation(kind: CiKind, line: string): string | undefined {
  return lineAnnotation(kind, 'xrun flaky', line);
}

// One of xrun's lines as GitHub's warning, without its `xrun: ` prefix.
function lineAnnotation(kind: CiKind, title: string, line: string): string | undefined {
  if (kind !== 'github') return undefined;
  return annotation('warning', title, line.replace(/^xrun: /, ''));
}

// An annotation's text is made safe as xrun's lines are (it is not built by xrunLine): redacted, its
// control characters shown (a newline would be GitHub's %0A, a second line of the annotation), then
// escaped for the workflow command.
function annotation(level: 'warning' | 'error', title: string, text: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(safeLine(text))}`;
}

// The markdown appended to $GITHUB_STEP_SUMMARY: one row per attempt. Each cell is one line made
// safe (redacted, control characters shown), its pipes escaped for the table.
export function stepSummary(report: Report): string {
  const cell = (text: string) => safeLine(text).replaceAll('|', '\\|');
  const rows = report.attempts.map((a) => {
    const outcome =
      a.outcome.kind === 'exited'
        ? `exit ${a.outcome.code}`
        : a.outcome.kind === 'signaled'
          ? a.outcome.signal
          : a.outcome.kind;
    const decision = a.decision.retry ? nextAttemptText(a, report.maxAttempts) : (a.decision.stop ?? '');
    return `| ${a.attempt} of ${report.maxAttempts} | ${cell(outcome)} | ${a.classification.category} | ${cell(a.classification.name)} | ${cell(decision)} | ${a.durationMs} |`;
  });
  const exit = report.exit.signal ? report.exit.signal : String(report.exit.code);
  const survived = report.survived.map((f) => cell(f.name)).join(', ');
  const flaky = report.flaky
    ? [
        `**flaky**: succeeded on attempt ${report.attempts.length} of ${report.maxAttempts} after ${report.survived.length} failed (${survived})`,
        '',
      ]
    : [];
  const last = report.attempts.at(-1);
  const gaveUp =
    last?.decision.stop === 'exhausted'
      ? [`**gave up**: ${cell(giveUpText('the command', last.outcome, last.classification, last.attempt))}`, '']
      : [];
  return [
    `### xrun: ${codeSpan(safeLine(shellQuote(report.command)))}`,
    '',
    '| attempt | outcome | category | name | decision | ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...flaky,
    ...gaveUp,
    `exit: ${exit} (tool model: ${report.tool})`,
    '',
    '',
  ].join('\n');
}

// Markdown code: fenced by more backticks than the longest run inside, spaced when it starts or ends
// with one (CommonMark's code spans), so the command shows as it is.
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
