import { redactCommand, safeLine } from '../command/redact.js';
import { shellQuote } from '../command/shell-quote.js';
import { formatDuration } from '../model/duration.js';
import { describeOutcome, outputLostReason } from './messages.js';
import type { AttemptView, ReportView } from './report-read.js';

// `xrun explain FILE` for xrun's own report: the command, the tool, a line per attempt (how it ended,
// in the retry line's words, and why xrun went on or stopped), then how the run ended. Each line is
// made safe (redacted, control characters shown): the file may say anything. Pure.
export function explainReportLines(report: ReportView): string[] {
  const attempts = report.attempts.map((a) => attemptLine(a, report.maxAttempts));
  return [
    `command: ${shellQuote(redactCommand(report.command))}`,
    `tool:    ${report.tool}`,
    ...(attempts.length > 0 ? attempts : ['no attempt started']),
    `exit:    ${exitText(report)}`,
  ].map(safeLine);
}

// attempt 1 of 5: exited 4 (DaemonIsBusy: daemon busy with another command), category busy, 189ms;
// retried because --retry-busy retries exit 4 DaemonIsBusy (busy); next attempt in 29ms
function attemptLine(a: AttemptView, maxAttempts: number): string {
  const c = a.classification;
  const killed = a.killEscalated ? ', SIGKILL after --kill-after' : '';
  const ended = `${describeOutcome(a.outcome)} (${c.name}: ${c.meaning})${killed}, category ${c.category}, ${formatDuration(a.durationMs)}`;
  const lost = a.outputErrors.map((e) => `; output lost: ${outputLostReason(e)}`).join('');
  const decision = a.decision.retry ? `retried because ${a.decision.reason}` : `stopped because ${a.decision.reason}`;
  const wait = a.decision.retry && a.delayMs !== null ? `; next attempt in ${formatDuration(a.delayMs)}` : '';
  return `attempt ${a.attempt} of ${maxAttempts}: ${ended}${lost}; ${decision}${wait}`;
}

// 0; flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)
function exitText({ exit, interrupted, deadlineSpent, flaky, survived }: ReportView): string {
  const status =
    exit.signal !== null
      ? `${exit.code} (${exit.signal}, re-raised on xrun)`
      : exit.code === exit.rawCode
        ? `${exit.code}`
        : `${exit.code} (the command's ${exit.rawCode})`;
  const failures = `${survived.length} failure${survived.length === 1 ? '' : 's'}`;
  return [
    status,
    ...(interrupted === null ? [] : [`interrupted by ${interrupted}`]),
    ...(deadlineSpent ? ['the deadline was spent'] : []),
    flaky ? `flaky: it survived ${failures} (${survived.map((f) => f.name).join(', ')})` : 'not flaky',
  ].join('; ');
}
