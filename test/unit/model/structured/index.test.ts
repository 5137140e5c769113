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
import type { Buck2Tiering } from '../../../../src/model/structured/report.js';
import { models } from '../../../../src/model/tools/index.js';

const exited = (code: number): Outcome => ({ kind: 'exited', code });
const bep = (code: number, extra: { name?: string; detail?: string } = {}): StructuredReading => ({
  kind: 'read',
  report: { format: 'bazel-bep', code, ...extra, messages: [] },
});
const buck2 = (code: number, messages: string[] = [], tiering?: Buck2Tiering): StructuredReading => ({
  kind: 'read',
  report: { format: 'buck2-command-report', code, messages, ...(tiering ? { tiering } : {}) },
});

describe('structuredTool', () => {
  it("bazel's option, no second report", () => {
    const bazel = structuredTool('bazel')!;
    expect([bazel.option('/r'), bazel.what, bazel.tiers]).toEqual([
      '--build_event_json_file=/r',
      'build event file',
      undefined,
    ]);
  });

  it("buck2's option and its build report for build, install and bxl", () => {
    const buck = structuredTool('buck2')!;
    expect([buck.option('/r'), buck.what]).toEqual(['--command-report-path=/r', 'command report']);
    expect(buck.tiers?.subcommands).toEqual(['build', 'install', 'bxl']);
    expect(buck.tiers?.option('/b.json')).toBe('--build-report=/b.json');
  });

  it('the paths are kept as given (spaces, an equals sign)', () => {
    expect(structuredTool('bazel')!.option('/a b/c=d.json')).toBe('--build_event_json_file=/a b/c=d.json');
  });
});

describe('classifyWithReport: the report decides', () => {
  it('a report of the exit code with nothing more: the plain classification with the note', () => {
    const plain = classifyOutcome(models.bazel, exited(1));
    expect(classifyWithReport(models.bazel, exited(1), '', bep(1))).toEqual({
      ...plain,
      structured: { format: 'bazel-bep', code: 1, name: null, detail: null, decided: true },
    });
  });

  it("the report's name replaces the model's; its detail follows the model's meaning", () => {
    const got = classifyWithReport(models.bazel, exited(1), '', bep(1, { name: 'MY_NAME', detail: 'spawn.X: y' }));
    expect([got.name, got.meaning, got.category, got.rawCode]).toEqual([
      'MY_NAME',
      'the build failed (spawn.X: y)',
      'user',
      1,
    ]);
  });

  it('the subcommand reaches the model (bazel query 7)', () => {
    const got = classifyWithReport(models.bazel, exited(7), '', bep(7), ['query']);
    expect([got.meaning, got.via]).toEqual(['the query failed', 'bazel query']);
  });

  it("the stderr tail is read with the report's messages", () => {
    const died =
      'Buck daemon event bus encountered an error, the root cause (if available) is displayed above this message.';
    expect(classifyWithReport(models.buck2, exited(1), died, buck2(1, [])).ruleId).toBe('buck2-daemon-died');
    expect(classifyWithReport(models.buck2, exited(1), 'unrelated', buck2(1, ['x', died])).ruleId).toBe(
      'buck2-daemon-died',
    );
    expect(classifyWithReport(models.buck2, exited(1), 'unrelated', buck2(1, ['x'])).ruleId).toBeUndefined();
  });
});

describe("classifyWithReport: buck2's tiers inside exit 2", () => {
  it('environment: stays infra, EnvironmentError, the tag named', () => {
    const got = classifyWithReport(
      models.buck2,
      exited(2),
      '',
      buck2(2, [], { tier: 'environment', tag: 'RE_CONNECTION' }),
    );
    expect([got.category, got.name, got.meaning, got.normalizedCode]).toEqual([
      'infra',
      'EnvironmentError',
      'environment failure a retry may cure (tag RE_CONNECTION)',
      2,
    ]);
    expect(got.structured).toEqual({
      format: 'buck2-command-report',
      code: 2,
      name: null,
      detail: null,
      decided: true,
      tier: 'environment',
      tag: 'RE_CONNECTION',
    });
  });

  it('internal, untagged: a failure, InternalError', () => {
    const got = classifyWithReport(models.buck2, exited(2), '', buck2(2, [], { tier: 'internal', tag: null }));
    expect([got.category, got.name, got.meaning, got.normalizedCode]).toEqual([
      'failure',
      'InternalError',
      'buck2 internal failure a retry will not cure (untagged)',
      2,
    ]);
    expect(got.structured).toMatchObject({ tier: 'internal', tag: null });
  });

  it('a report of another code: the tiers are noted, not applied', () => {
    const plain = classifyOutcome(models.buck2, exited(3));
    expect(classifyWithReport(models.buck2, exited(3), '', buck2(2, [], { tier: 'internal', tag: 'TIER0' }))).toEqual({
      ...plain,
      structured: {
        format: 'buck2-command-report',
        code: 2,
        name: null,
        detail: null,
        decided: false,
        tier: 'internal',
        tag: 'TIER0',
      },
    });
  });
});

describe('classifyWithReport: the report does not decide', () => {
  it.each<[string, Outcome]>([
    ['a death by a signal', { kind: 'signaled', signal: 'SIGKILL' }],
    ['a spawn error', { kind: 'spawn-error', errno: 'ENOENT', message: 'not found' }],
    ['another exit code', exited(0)],
  ])('%s: the plain classification, noted undecided', (_name, outcome) => {
    const plain = classifyOutcome(models.bazel, outcome);
    expect(classifyWithReport(models.bazel, outcome, '', bep(1, { name: 'BUILD_FAILURE', detail: 'd' }))).toEqual({
      ...plain,
      structured: { format: 'bazel-bep', code: 1, name: 'BUILD_FAILURE', detail: 'd', decided: false },
    });
  });
});

describe('unusableReportLine', () => {
  it("a tool of no report of its own says 'structured report'", () => {
    expect(unusableReportLine('docker', { kind: 'missing' })).toBe(
      'docker wrote no structured report; classified by the exit code',
    );
    expect(unusableReportLine('generic', { kind: 'malformed', problem: 'p' })).toBe(
      "generic's structured report could not be used (p); classified by the exit code",
    );
  });

  it("bazel's malformed file, buck2's missing report", () => {
    expect(unusableReportLine('bazel', { kind: 'malformed', problem: 'no finished event' })).toBe(
      "bazel's build event file could not be used (no finished event); classified by the exit code",
    );
    expect(unusableReportLine('buck2', { kind: 'missing' })).toBe(
      'buck2 wrote no command report; classified by the exit code',
    );
  });

  it('nothing for a report that was read', () => {
    expect(unusableReportLine('buck2', buck2(0))).toBeUndefined();
  });
});

describe('readReportOf', () => {
  it('a tool of no report: malformed, saying so', () => {
    expect(readReportOf('{"exit_code":1}', 'docker')).toEqual({
      tool: 'docker',
      reading: { kind: 'malformed', problem: 'docker writes no structured report' },
    });
  });

  it("neither reader: bazel's problem (the first tried)", () => {
    expect(readReportOf('{}', undefined)).toEqual({
      tool: 'bazel',
      reading: { kind: 'malformed', problem: 'no finished event' },
    });
  });

  it('a command report read by buck2 after bazel fails on it, the reading whole', () => {
    expect(readReportOf('{"exit_code":3,"error_messages":["e"]}', undefined)).toEqual({
      tool: 'buck2',
      reading: { kind: 'read', report: { format: 'buck2-command-report', code: 3, messages: ['e'] } },
    });
  });

  it('a build event file read by bazel when the tool is unknown', () => {
    expect(readReportOf('{"finished":{"exitCode":{"name":"X","code":5}}}\n', undefined)).toEqual({
      tool: 'bazel',
      reading: { kind: 'read', report: { format: 'bazel-bep', code: 5, name: 'X', messages: [] } },
    });
  });
});

describe('reportSaidLine', () => {
  it('a tier with its tag', () => {
    expect(
      reportSaidLine({
        format: 'buck2-command-report',
        code: 2,
        name: null,
        detail: null,
        decided: true,
        tier: 'environment',
        tag: 'RE_CONNECTION',
      }),
    ).toBe('  report:       buck2-command-report (code 2), build report: environment (RE_CONNECTION)');
  });

  it('a tier untagged (tag null or absent)', () => {
    const note = {
      format: 'buck2-command-report',
      code: 2,
      name: null,
      detail: null,
      decided: false,
      tier: 'internal',
    } as const;
    expect(reportSaidLine({ ...note, tag: null })).toBe(
      '  report:       buck2-command-report (code 2), build report: internal (untagged)',
    );
    expect(reportSaidLine(note)).toBe(
      '  report:       buck2-command-report (code 2), build report: internal (untagged)',
    );
  });

  it('a detail without a name', () => {
    expect(
      reportSaidLine({ format: 'bazel-bep', code: 8, name: null, detail: 'interrupted.INTERRUPTED', decided: true }),
    ).toBe('  report:       bazel-bep (code 8), interrupted.INTERRUPTED');
  });
});
