import type { StructuredReading } from './report.js';

// bazelbuild/bazel src/main/java/com/google/devtools/build/lib/buildeventstream/proto/build_event_stream.proto:
// --build_event_json_file writes one BuildEvent a line (proto3 JSON: lowerCamelCase names, fields at
// their default value left out, so SUCCESS's code 0 may be absent). The BuildFinished event
// (`finished`) carries exitCode {name, code} and, in newer releases, failureDetail
// (src/main/protobuf/failure_details.proto: `message` and one category field holding a `code`);
// bazel 4 puts a failureDetail on the failed action's ActionExecuted event (`action`) only, so the
// first of those stands in when the finished event has none.
export function readBep(text: string): StructuredReading {
  let finished: Record<string, unknown> | undefined;
  let actionDetail: unknown;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return { kind: 'malformed', problem: 'a line is not JSON' };
    }
    const candidate = isObject(event) ? event['finished'] : undefined;
    if (isObject(candidate)) finished = candidate;
    const action = isObject(event) ? event['action'] : undefined;
    if (actionDetail === undefined && isObject(action) && isObject(action['failureDetail']))
      actionDetail = action['failureDetail'];
  }
  if (finished === undefined) return { kind: 'malformed', problem: 'no finished event' };
  const exitCode = finished['exitCode'];
  if (!isObject(exitCode)) return { kind: 'malformed', problem: 'the finished event has no exitCode' };
  const code = exitCode['code'] ?? 0;
  if (typeof code !== 'number' || !Number.isInteger(code))
    return { kind: 'malformed', problem: 'exitCode.code is not a number' };
  const name = typeof exitCode['name'] === 'string' ? exitCode['name'] : undefined;
  const detail = failureDetailText(finished['failureDetail'] ?? actionDetail);
  return {
    kind: 'read',
    report: { format: 'bazel-bep', code, ...(name ? { name } : {}), ...(detail ? { detail } : {}), messages: [] },
  };
}

// The longest failure message kept (an action's holds its whole command line).
const DETAIL_CHARS = 200;

// "spawn.NON_ZERO_EXIT: Executing genrule //:fail failed" from a FailureDetail: the category and its
// code, and the message's first line, cut to DETAIL_CHARS.
function failureDetailText(detail: unknown): string | undefined {
  if (!isObject(detail)) return undefined;
  const full = typeof detail['message'] === 'string' ? (detail['message'].split('\n')[0] ?? '').trim() : '';
  const message = full.length > DETAIL_CHARS ? `${full.slice(0, DETAIL_CHARS)}...` : full;
  const category = Object.entries(detail).find(([key, value]) => key !== 'message' && isObject(value));
  const code =
    category && isObject(category[1]) && typeof category[1]['code'] === 'string'
      ? `${category[0]}.${category[1]['code']}`
      : category?.[0];
  const text = [code, message].filter((part) => part).join(': ');
  return text === '' ? undefined : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
