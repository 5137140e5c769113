import type { StructuredReading } from './report.js';

// facebook/buck2 app/buck2_data/data.proto, message CommandReport, written as pretty JSON by
// app/buck2_client_ctx/src/exit_result.rs (write_command_report) to --command-report-path:
// trace_id, exit_code (the code the client exits with), error_messages, finalizing_error_messages.
// It holds no exit_result_name nor error tags: those are in the invocation record only.
export function readBuck2CommandReport(text: string): StructuredReading {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    return { kind: 'malformed', problem: 'not JSON' };
  }
  if (typeof report !== 'object' || report === null || Array.isArray(report))
    return { kind: 'malformed', problem: 'not a JSON object' };
  const fields = report as Record<string, unknown>;
  const code = fields['exit_code'];
  if (typeof code !== 'number' || !Number.isInteger(code))
    return { kind: 'malformed', problem: 'exit_code is not a number' };
  const messages = [...strings(fields['error_messages']), ...strings(fields['finalizing_error_messages'])];
  return { kind: 'read', report: { format: 'buck2-command-report', code, messages } };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
