import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../../src/model/classify.js';
import type { Outcome } from '../../../../src/model/outcome.js';
import {
  classifyWithReport,
  readReportOf,
  reportSaidLine,
  type StructuredReading,
  structuredTool,
  unusableReportLine,
} from '../../../../src/model/structured/index.js';
import { models } from '../../../../src/model/tools/index.js';

const exited = (code: number): Outcome => ({ kind: 'exited', code });
const bep = (code: number, name?: string, detail?: string): StructuredReading => ({
  kind: 'read',
  report: { format: 'bazel-bep', code, ...(name ? { name } : {}), ...(detail ? { detail } : {}), messages: [] },
});
const buck2 = (code: number, messages: string[]): StructuredReading => ({
  kind: 'read',
  report: { format: 'buck2-command-report', code, messages },
});

describe('classifyWithReport', () => {
  it.each<[string, 'bazel' | 'buck2', Outcome, StructuredReading | undefined, Record<string, unknown>]>([
    [
      'bazel: the report decides, its failure detail in the meaning',
      'bazel',
      exited(1),
      bep(1, 'BUILD_FAILURE', 'spawn.NON_ZERO_EXIT: genrule failed'),
      {
        category: 'user',
        name: 'BUILD_FAILURE',
        meaning: 'the build failed (spawn.NON_ZERO_EXIT: genrule failed)',
        structured: {
          format: 'bazel-bep',
          code: 1,
          name: 'BUILD_FAILURE',
          detail: 'spawn.NON_ZERO_EXIT: genrule failed',
          decided: true,
        },
      },
    ],
    [
      "bazel run: the program's code is not the report's; the exit code decides",
      'bazel',
      exited(42),
      bep(0, 'SUCCESS'),
      {
        category: 'failure',
        name: 'UnknownExit',
        structured: { format: 'bazel-bep', code: 0, name: 'SUCCESS', detail: null, decided: false },
      },
    ],
    [
      "buck2: the report's messages feed the message rules (stderr not seen)",
      'buck2',
      exited(1),
      buck2(1, [
        'Buck daemon event bus encountered an error, the root cause (if available) is displayed above this message.',
      ]),
      {
        category: 'daemon-died',
        ruleId: 'buck2-daemon-died',
        structured: { format: 'buck2-command-report', code: 1, name: null, detail: null, decided: true },
      },
    ],
    ['buck2: a plain code', 'buck2', exited(3), buck2(3, []), { category: 'user', name: 'UserError' }],
    [
      'a timeout stays a timeout',
      'bazel',
      { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'exited', code: 8 } },
      bep(8, 'INTERRUPTED'),
      { category: 'timeout' },
    ],
  ])('%s', (_name, tool, outcome, reading, expected) => {
    expect(classifyWithReport(models[tool], outcome, '', reading)).toMatchObject(expected);
  });
  it.each<[string, StructuredReading | undefined]>([
    ['no report asked for', undefined],
    ['a missing report', { kind: 'missing' }],
    ['a malformed report', { kind: 'malformed', problem: 'not JSON' }],
  ])('%s: as without --structured', (_name, reading) => {
    expect(classifyWithReport(models.bazel, exited(37), '', reading)).toEqual(
      classifyOutcome(models.bazel, exited(37)),
    );
  });
});

describe('structuredTool', () => {
  it.each<[string, string | undefined]>([
    ['bazel', '--build_event_json_file=/t/r.json'],
    ['buck2', '--command-report-path=/t/r.json'],
    ['docker', undefined],
    ['podman', undefined],
    ['generic', undefined],
  ])('%s', (tool, option) => {
    expect(structuredTool(tool as never)?.option('/t/r.json')).toBe(option);
  });
});

describe('unusableReportLine', () => {
  it.each<[string, 'bazel' | 'buck2', StructuredReading, string | undefined]>([
    ['bazel, missing', 'bazel', { kind: 'missing' }, 'bazel wrote no build event file; classified by the exit code'],
    [
      'buck2, malformed',
      'buck2',
      { kind: 'malformed', problem: 'not JSON' },
      "buck2's command report could not be used (not JSON); classified by the exit code",
    ],
    ['read: nothing to say', 'bazel', bep(0), undefined],
  ])('%s', (_name, tool, reading, line) => {
    expect(unusableReportLine(tool, reading)).toBe(line);
  });
});

describe('readReportOf', () => {
  const bepText = '{"finished":{"exitCode":{"name":"SUCCESS"}}}';
  const buck2Text = '{"trace_id":"t","exit_code":3,"error_messages":[]}';
  it.each<[string, string, 'bazel' | 'buck2' | undefined, string, StructuredReading['kind']]>([
    ['a build event file, tool unknown', bepText, undefined, 'bazel', 'read'],
    ['a command report, tool unknown', buck2Text, undefined, 'buck2', 'read'],
    ['the tool given reads it', buck2Text, 'buck2', 'buck2', 'read'],
    ["the tool given is asked alone: bazel's reader on a command report", buck2Text, 'bazel', 'bazel', 'malformed'],
    ['neither: the first reader says why', 'hello', undefined, 'bazel', 'malformed'],
  ])('%s', (_name, text, tool, readBy, kind) => {
    const got = readReportOf(text, tool);
    expect([got.tool, got.reading.kind]).toEqual([readBy, kind]);
  });
});

describe('reportSaidLine', () => {
  it.each<[string, Parameters<typeof reportSaidLine>[0], string]>([
    [
      'bazel: name and detail',
      { format: 'bazel-bep', code: 1, name: 'BUILD_FAILURE', detail: 'spawn.NON_ZERO_EXIT: x', decided: true },
      '  report:       bazel-bep: BUILD_FAILURE (code 1), spawn.NON_ZERO_EXIT: x',
    ],
    [
      'buck2: the code alone',
      { format: 'buck2-command-report', code: 4, name: null, detail: null, decided: true },
      '  report:       buck2-command-report (code 4)',
    ],
  ])('%s', (_name, note, line) => {
    expect(reportSaidLine(note)).toBe(line);
  });
});
