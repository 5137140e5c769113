import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { buck2 } from '../../../../src/model/tools/buck2.js';

// Every code of docs/exit-codes.md and the passthrough families, with the category and normalized code xrun gives it.
const ROWS: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [1, 'UnknownFailure', 'failure', 1],
  [2, 'InfraError', 'infra', 2],
  [3, 'UserError', 'user', 3],
  [4, 'DaemonIsBusy', 'busy', 4],
  [5, 'DaemonPreempted', 'preempted', 5],
  [6, 'Timeout', 'timeout', 6],
  [11, 'ConnectError', 'connect', 11],
  [12, 'FatalOom', 'oom', 12],
  [32, 'TestError', 'test-failure', 32],
  [64, 'TestNothing', 'no-tests', 64],
  [130, 'ClientIoBrokenPipe', 'signal', 141],
  [141, 'SignalInterrupt', 'signal', 130],
  [42, 'UnknownExit', 'failure', 1],
  [43, 'UnknownExit', 'failure', 1],
  [7, 'UnknownExit', 'failure', 1],
  [137, 'UnknownExit', 'failure', 1],
];

describe("buck2's model (model/tools/buck2.ts)", () => {
  it.each(ROWS)('exit %i is %s (%s, normalized %i)', (code, name, category, normalized) => {
    expect(classifyExitCode(buck2, code)).toMatchObject({ name, category, normalizedCode: normalized, rawCode: code });
  });

  it('4 (busy) and 5 (preempted) come only with the options that ask for them, after the subcommand', () => {
    const only = buck2.codes
      .filter((c) => c.onlyWith !== undefined)
      .map((c) => [c.code, c.onlyWith?.options, c.onlyWith?.where]);
    expect(only).toEqual([
      [4, ['--exit-when=notidle', '--exit-when=differentstate', '--exit-when-different-state'], 'after-subcommand'],
      [5, ['--preemptible=always', '--preemptible=ondifferentstate'], 'after-subcommand'],
    ]);
  });

  // [message, exit code, rule id or none, name, category]
  const messages: [string, number, string | undefined, string, string][] = [
    ['Command failed: Buck daemon event bus encountered an error', 2, 'buck2-daemon-died', 'DaemonDied', 'daemon-died'],
    ['Buck daemon event bus encountered an error', 3, undefined, 'UserError', 'user'],
    ['Buck2 daemon was killed by an OOM killer', 1, 'buck2-oom', 'FatalOom', 'oom'],
    ['Buck2 daemon was killed by an OOM killer', 3, 'buck2-oom', 'FatalOom', 'oom'],
    ['Error locking buckd.lifecycle', 11, 'buck2-lifecycle-lock', 'ConnectError', 'connect'],
    ['buck2 daemon startup: timed out after 10.00s', 2, 'buck2-startup-timeout', 'ConnectError', 'connect'],
    ['buck2 daemon startup: timed out after 10.00s', 1, undefined, 'UnknownFailure', 'failure'],
    ['Failed to connect to buck daemon.', 1, 'buck2-connect', 'ConnectError', 'connect'],
    ['Failed to connect to buck daemon.', 3, undefined, 'UserError', 'user'],
  ];
  it.each(messages)('%j at exit %i: rule %s, %s (%s)', (text, code, ruleId, name, category) => {
    const read = classifyExitCode(buck2, code, text);
    expect([read.ruleId, read.name, read.category]).toEqual([ruleId, name, category]);
  });

  it('run hands the code to the program; test reads the test executor codes over the table', () => {
    expect(buck2.refinements?.map((r) => [r.via, r.subcommands, r.table, r.passthrough])).toEqual([
      ['buck2 run', ['run'], 'own', true],
      ['buck2 test', ['test'], 'override', false],
    ]);
    expect(buck2.refinements?.[1]?.codes.map((c) => [c.code, c.category])).toEqual([
      [2, 'failure'],
      [42, 'test-failure'],
      [43, 'test-failure'],
    ]);
  });
});
