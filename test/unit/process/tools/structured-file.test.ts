import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureStructured } from '../../../../src/process/tools/structured-file.js';

const FILE = '<file>';
const BUILD_FILE = '<build-report>';
// the command with the temporary file's path written as <file>
function added(tool: 'bazel' | 'buck2' | 'docker', command: string[]): string[] | undefined {
  const capture = captureStructured(tool, command);
  if (!capture) return undefined;
  const words = capture.command.map((w) =>
    w.replace(/=\/.*xrun-structured-[^/]+\/(build-)?report\.json$/, (_all, build) => `=${build ? BUILD_FILE : FILE}`),
  );
  capture.remove();
  return words;
}

describe('captureStructured', () => {
  it.each<[string, 'bazel' | 'buck2' | 'docker', string[], string[] | undefined]>([
    [
      'bazel: after the subcommand',
      'bazel',
      ['bazel', 'build', '//:x'],
      ['bazel', 'build', `--build_event_json_file=${FILE}`, '//:x'],
    ],
    [
      'bazel: after startup options and through env',
      'bazel',
      ['env', 'A=1', 'bazel', '--output_base', '/b', 'test', '//...', '--', 'arg'],
      ['env', 'A=1', 'bazel', '--output_base', '/b', 'test', `--build_event_json_file=${FILE}`, '//...', '--', 'arg'],
    ],
    [
      'buck2 build: the command report and the build report',
      'buck2',
      ['buck2', '--isolation-dir', 'ci', 'build', '//x'],
      [
        'buck2',
        '--isolation-dir',
        'ci',
        'build',
        `--command-report-path=${FILE}`,
        `--build-report=${BUILD_FILE}`,
        '//x',
      ],
    ],
    [
      "buck2 run: the command report only (its code is the program's)",
      'buck2',
      ['buck2', 'run', '//x'],
      ['buck2', 'run', `--command-report-path=${FILE}`, '//x'],
    ],
    [
      'buck2 audit: the command report only',
      'buck2',
      ['buck2', 'audit', 'config'],
      ['buck2', 'audit', `--command-report-path=${FILE}`, 'config'],
    ],
    [
      '--tool bazel on a wrapper',
      'bazel',
      ['./tools/bazel', 'build'],
      ['./tools/bazel', 'build', `--build_event_json_file=${FILE}`],
    ],
    ['no subcommand', 'bazel', ['bazel'], undefined],
    ['inside env -S', 'bazel', ['env', '-S', 'bazel build', '//x'], undefined],
    ['a tool with no report', 'docker', ['docker', 'build', '.'], undefined],
  ])('%s', (_name, tool, command, expected) => {
    expect(added(tool, command)).toEqual(expected);
  });

  it('reads the file the tool wrote, says missing without one, and removes its directory', () => {
    const capture = captureStructured('buck2', ['buck2', 'audit'])!;
    const file = capture.command[2]!.slice('--command-report-path='.length);
    expect(capture.read()).toEqual({ kind: 'missing' });
    writeFileSync(file, '{"trace_id":"t","exit_code":3,"error_messages":["e"],"finalizing_error_messages":[]}');
    expect(capture.read()).toEqual({
      kind: 'read',
      report: { format: 'buck2-command-report', code: 3, messages: ['e'] },
    });
    capture.remove();
    expect(existsSync(dirname(file))).toBe(false);
  });

  it("reads buck2's build report only when the command report says 2, and adds its tier", () => {
    const capture = captureStructured('buck2', ['buck2', 'build'])!;
    const file = capture.command[2]!.slice('--command-report-path='.length);
    const buildReport = capture.command[3]!.slice('--build-report='.length);
    const tagged = JSON.stringify({
      success: false,
      results: { 'r//:a': { configured: { c: { errors: [{ error_tags: ['RE_UNAVAILABLE'] }] } }, errors: [] } },
    });
    writeFileSync(buildReport, tagged);
    writeFileSync(file, '{"trace_id":"t","exit_code":3,"error_messages":[],"finalizing_error_messages":[]}');
    expect(capture.read()).toEqual({ kind: 'read', report: { format: 'buck2-command-report', code: 3, messages: [] } });
    writeFileSync(file, '{"trace_id":"t","exit_code":2,"error_messages":[],"finalizing_error_messages":[]}');
    expect(capture.read()).toEqual({
      kind: 'read',
      report: {
        format: 'buck2-command-report',
        code: 2,
        messages: [],
        tiering: { tier: 'internal', tag: 'RE_UNAVAILABLE' },
      },
    });
    capture.remove();
  });
});
