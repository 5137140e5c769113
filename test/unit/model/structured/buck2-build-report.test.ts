import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { readBuck2BuildReport, withBuck2Tier } from '../../../../src/model/structured/buck2-build-report.js';
import { models } from '../../../../src/model/tools/index.js';

// A build report with one target whose configuration has errors carrying `tags` (one array an error).
function report(errors: string[][], extra: Record<string, unknown> = {}): string {
  const configured = {
    'prelude//platforms:default#1': {
      errors: errors.map((error_tags) => ({ message_content: '1', error_tags, cause_index: 0 })),
    },
  };
  return JSON.stringify({
    trace_id: 't',
    success: errors.length === 0,
    results: { 'root//:a': { configured, errors: [] } },
    failures: {},
    ...extra,
  });
}

describe("buck2's build report: the tier of exit 2", () => {
  it.each<[string, string[][], string, string | null]>([
    ['an environment tag', [['RE_CONNECTION']], 'environment', 'RE_CONNECTION'],
    [
      'the best-ranked tag of an error decides (RE_CONNECTION is ranked before RE_UNAVAILABLE)',
      [['RE_CONNECTION', 'RE_UNAVAILABLE']],
      'environment',
      'RE_CONNECTION',
    ],
    [
      'across errors too (SERVER_PANICKED is ranked before DAEMON_DISCONNECT)',
      [['DAEMON_DISCONNECT'], ['SERVER_PANICKED']],
      'internal',
      'SERVER_PANICKED',
    ],
    ['DAEMON_DISCONNECT alone is environment', [['DAEMON_DISCONNECT']], 'environment', 'DAEMON_DISCONNECT'],
    ['a tier0 tag', [['DAEMON_STARTUP_FAILED']], 'internal', 'DAEMON_STARTUP_FAILED'],
    ['tags of no tier only: internal, untagged', [['CLIENT_GRPC', 'ANALYSIS']], 'internal', null],
    ['no tags: internal, untagged', [[]], 'internal', null],
  ])('%s', (_name, errors, tier, tag) => {
    expect(readBuck2BuildReport(report(errors))).toEqual({ tier, tag });
  });

  it("a tag xrun does not know: the report's own error_category decides", () => {
    expect(readBuck2BuildReport(report([['SOME_NEW_TAG']], { error_category: 'ENVIRONMENT' }))).toEqual({
      tier: 'environment',
      tag: null,
    });
    expect(readBuck2BuildReport(report([['SOME_NEW_TAG']], { error_category: 'INFRA' }))).toEqual({
      tier: 'internal',
      tag: null,
    });
  });

  it("a target's own errors (before configuration) count", () => {
    const text = JSON.stringify({
      success: false,
      results: { 'root//:a': { configured: {}, errors: [{ error_tags: ['CERT_EXPIRED'] }] } },
    });
    expect(readBuck2BuildReport(text)).toEqual({ tier: 'environment', tag: 'CERT_EXPIRED' });
  });

  it('a successful build, or text that is not a build report, gives no tier', () => {
    expect(readBuck2BuildReport(report([]))).toBeUndefined();
    expect(readBuck2BuildReport('{"exit_code":2}')).toBeUndefined();
    expect(readBuck2BuildReport('not json')).toBeUndefined();
  });

  it('splits only InfraError (2): environment stays infra, internal is a failure normalized 2', () => {
    const two = classifyExitCode(models.buck2, 2);
    expect(withBuck2Tier(two, { tier: 'environment', tag: 'RE_CONNECTION' })).toMatchObject({
      category: 'infra',
      name: 'EnvironmentError',
    });
    expect(withBuck2Tier(two, { tier: 'internal', tag: null })).toMatchObject({
      category: 'failure',
      name: 'InternalError',
      normalizedCode: 2,
    });
    const three = classifyExitCode(models.buck2, 3);
    expect(withBuck2Tier(three, { tier: 'internal', tag: null })).toBe(three);
  });
});
