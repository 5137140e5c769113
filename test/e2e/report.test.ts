import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/run/report.js';
import { SUCCESS_ATTEMPT, SUCCESS_REPORT } from '../helpers/report-fixture.js';
import { buck2Sim, runXrun, startXrun, tempDir } from '../helpers/xrun.js';

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

// Reads a report and checks it against schema/report.schema.json.
function readReport(file: string): Report {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
  const valid = validate(report);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
  return report;
}

// The parts of each attempt that do not depend on time.
function summary(report: Report) {
  return report.attempts.map((a) => ({
    attempt: a.attempt,
    outcome: a.outcome,
    category: a.classification.category,
    name: a.classification.name,
    decision: a.decision,
    delayed: a.delayMs !== null,
    killEscalated: a.killEscalated,
  }));
}

describe('--report FILE: a JSON document valid against schema/report.schema.json', () => {
  it('the schema rejects what it should (it can fail)', () => {
    expect(validate({ schemaVersion: 1 })).toBe(false);
    expect(validate({ schemaVersion: 2 })).toBe(false);
  });

  it('success', async () => {
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', file, '--', 'sh', '-c', 'exit 0']);
    expect(r.code).toBe(0);
    const report = readReport(file);
    expect(report).toMatchObject({
      schemaVersion: 1,
      command: ['sh', '-c', 'exit 0'],
      tool: 'generic',
      interrupted: null,
      deadlineSpent: false,
      flaky: false,
      survived: [],
      exit: { rawCode: 0, code: 0, signal: null },
    });
    expect(summary(report)).toEqual([
      {
        attempt: 1,
        outcome: { kind: 'exited', code: 0 },
        category: 'success',
        name: 'Success',
        decision: { retry: false, stop: 'success', reason: 'the command succeeded', decider: null, mapTo: null },
        delayed: false,
        killEscalated: false,
      },
    ]);
    expect(Date.parse(report.attempts[0]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
  });

  it('retry then success, with the delay chosen and secrets redacted', async () => {
    const sim = buck2Sim('4,0');
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-busy', '--delay', '20ms', '--report', file, '--', 'buck2', 'build', '--token', 'T0P', '--api-key=K3Y'],
      { env: sim.env },
    );
    expect(r.code).toBe(0);
    const report = readReport(file);
    expect(report.command).toEqual(['buck2', 'build', '--token', '***', '--api-key=***']);
    expect(readFileSync(file, 'utf8')).not.toMatch(/T0P|K3Y/);
    expect(report.tool).toBe('buck2');
    expect(summary(report)).toEqual([
      {
        attempt: 1,
        outcome: { kind: 'exited', code: 4 },
        category: 'busy',
        name: 'DaemonIsBusy',
        decision: {
          retry: true,
          stop: null,
          reason: '--retry-busy retries exit 4 DaemonIsBusy (busy)',
          decider: '--retry-busy',
          mapTo: null,
        },
        delayed: true,
        killEscalated: false,
      },
      {
        attempt: 2,
        outcome: { kind: 'exited', code: 0 },
        category: 'success',
        name: 'Success',
        decision: { retry: false, stop: 'success', reason: 'the command succeeded', decider: null, mapTo: null },
        delayed: false,
        killEscalated: false,
      },
    ]);
    // --delay is the least wait; equal jitter adds up to half of it
    expect(report.attempts[0]!.delayMs).toBeGreaterThanOrEqual(20);
    expect(report.attempts[0]!.delayMs).toBeLessThan(30);
    // a success after a failed attempt is flaky, and the report names what it survived
    expect(report.flaky).toBe(true);
    expect(report.survived).toEqual([{ attempt: 1, category: 'busy', name: 'DaemonIsBusy', rawCode: 4 }]);
  });

  it('--map flaky=N: a flaky success exits N on purpose, said in the end line; the report keeps the truth', async () => {
    const sim = buck2Sim('4,0');
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-busy', '--delay', '1ms', '--map', 'flaky=3', '--report', file, '--', 'buck2', 'build'],
      { env: sim.env },
    );
    expect(r.code).toBe(3);
    expect(r.stderr.toString().split('\n').at(-2)).toBe(
      'xrun: buck2 succeeded on attempt 2 of 5, flaky: it survived 1 failure (DaemonIsBusy)',
    );
    const report = readReport(file);
    expect(report).toMatchObject({ flaky: true, exit: { rawCode: 0, code: 3, signal: null } });
    // a success at the first attempt is not flaky: the mapping does not apply
    const once = await runXrun(['--retry-busy', '--map', 'flaky=3', '--', 'sh', '-c', 'exit 0']);
    expect(once.code).toBe(0);
    expect(once.stderr.toString()).toBe('');
  });

  it('exhausted retries, the file named by XRUN_REPORT', async () => {
    const sim = buck2Sim('11');
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-connect', '--attempts', '2', '--delay', '1ms', '--normalize', '--map', '11=75', '--', 'buck2', 'build'],
      {
        env: { ...sim.env, XRUN_REPORT: file },
      },
    );
    expect(r.code).toBe(75);
    const report = readReport(file);
    expect(summary(report).map((a) => [a.outcome, a.decision.stop, a.category])).toEqual([
      [{ kind: 'exited', code: 11 }, null, 'connect'],
      [{ kind: 'exited', code: 11 }, 'exhausted', 'connect'],
    ]);
    expect(report.attempts[1]!.decision.reason).toBe(
      '--retry-connect retries exit 11 ConnectError (connect), but all 2 attempts are used',
    );
    expect(report.exit).toEqual({ rawCode: 11, code: 75, signal: null });
  });

  it('signal death', async () => {
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', file, '--', 'sh', '-c', 'kill -s KILL $$']);
    expect(r.signal).toBe('SIGKILL');
    const report = readReport(file);
    expect(summary(report)[0]).toMatchObject({
      outcome: { kind: 'signaled', signal: 'SIGKILL' },
      category: 'signal',
      name: 'SIGKILL',
    });
    expect(report.exit).toEqual({ rawCode: 137, code: 137, signal: 'SIGKILL' });
  });

  it('timeout with escalation to SIGKILL', async () => {
    const file = join(tempDir(), 'r.json');
    const r = await runXrun([
      '--timeout',
      '300ms',
      '--kill-after',
      '200ms',
      '--report',
      file,
      '--',
      'sh',
      '-c',
      "trap '' TERM; echo ready; while :; do sleep 0.05; done",
    ]);
    expect(r.code).toBe(124);
    const report = readReport(file);
    expect(summary(report)).toEqual([
      {
        attempt: 1,
        outcome: { kind: 'timed-out', timeoutMs: 300, ended: { kind: 'signaled', signal: 'SIGKILL' } },
        category: 'timeout',
        name: 'TimedOut',
        decision: {
          retry: false,
          stop: 'not-retryable',
          reason: 'TimedOut (timeout) is not retried by the policy',
          decider: null,
          mapTo: null,
        },
        delayed: false,
        killEscalated: true,
      },
    ]);
    expect(report.exit).toEqual({ rawCode: 124, code: 124, signal: null });
  });

  it('spawn failure', async () => {
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', file, '--', 'xrun-no-such-command', '--password', 'pw']);
    expect(r.code).toBe(127);
    const report = readReport(file);
    expect(report.command).toEqual(['xrun-no-such-command', '--password', '***']);
    expect(summary(report)[0]).toMatchObject({
      outcome: { kind: 'spawn-error', errno: 'ENOENT' },
      category: 'user',
      name: 'CommandNotFound',
      decision: { stop: 'spawn-error' },
    });
    expect(report.exit).toEqual({ rawCode: 127, code: 127, signal: null });
  });

  it('xrun interrupted by SIGTERM writes the report before re-raising the signal', async () => {
    const file = join(tempDir(), 'r.json');
    const started = startXrun(['--report', file, '--', 'sh', '-c', 'echo ready >&2; while :; do sleep 0.05; done']);
    await started.stderrIncludes('ready');
    started.child.kill('SIGTERM');
    const r = await started.finished;
    expect(r.signal).toBe('SIGTERM');
    const report = readReport(file);
    expect(report.interrupted).toBe('SIGTERM');
    expect(summary(report)[0]).toMatchObject({
      outcome: { kind: 'cancelled', signal: 'SIGTERM' },
      decision: { stop: 'interrupted' },
    });
    expect(report.exit).toEqual({ rawCode: 143, code: 143, signal: 'SIGTERM' });
  });

  it('interrupted during --stagger: no attempt ran, the report (valid) has none', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    const started = startXrun(['--stagger', '60s', '--report', file, '--', 'sh', '-c', `touch ${dir}/ran`]);
    await started.stderrIncludes('(--stagger 1m)');
    started.child.kill('SIGINT');
    const r = await started.finished;
    expect(r.signal).toBe('SIGINT');
    const report = readReport(file);
    expect([report.attempts, report.interrupted, report.exit]).toEqual([
      [],
      'SIGINT',
      { rawCode: 130, code: 130, signal: 'SIGINT' },
    ]);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('a usage error writes no report; a report path that cannot be written is 125 before the command starts', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    const bad = await runXrun(['--report', file, '--attempts', '0', '--', 'true']);
    expect(bad.code).toBe(125);
    expect(existsSync(file)).toBe(false);
    const marker = join(dir, 'ran');
    const unwritable = await runXrun([
      '--report',
      join(dir, 'no', 'such', 'dir.json'),
      '--',
      'sh',
      '-c',
      `touch "${marker}"; exit 3`,
    ]);
    expect(unwritable.code).toBe(125);
    expect(unwritable.stderr.toString()).toBe(
      `xrun: --report: cannot write "${join(dir, 'no', 'such', 'dir.json')}": its directory "${join(dir, 'no', 'such')}" does not exist\n`,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('a report that cannot be written at the end (its directory went away) is one line and keeps the exit status', async () => {
    const dir = join(tempDir(), 'sub');
    mkdirSync(dir);
    const r = await runXrun(['--report', join(dir, 'r.json'), '--', 'sh', '-c', `rmdir "${dir}"; exit 3`]);
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe(`xrun: --report: cannot write ${join(dir, 'r.json')} (ENOENT)\n`);
  });
});

// `xrun explain FILE`'s lines with each duration (an attempt's, a wait, a timeout) as D: they vary by run.
async function explained(file: string): Promise<string[]> {
  const r = await runXrun(['explain', file], { cwd: tempDir() });
  expect({ code: r.code, stderr: r.stderr.toString() }).toEqual({ code: 0, stderr: '' });
  return r.stdout
    .toString()
    .replace(/\b\d+(\.\d+)?(ms|s)\b/g, 'D')
    .split('\n');
}

describe("xrun explain FILE: xrun's own report, what each attempt did and why", () => {
  it('a busy buck2 retried twice, then a success: flaky, secrets still redacted', async () => {
    const sim = buck2Sim('4,4,0');
    const file = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-busy', '--delay', '10ms', '--report', file, '--', 'buck2', 'build', '--token', 'T0P', '//app:main'],
      { env: sim.env },
    );
    expect(r.code).toBe(0);
    expect(await explained(file)).toEqual([
      "command: buck2 build --token '***' //app:main",
      'tool:    buck2',
      'attempt 1 of 5: exited 4 (DaemonIsBusy: daemon busy with another command), category busy, D; retried because --retry-busy retries exit 4 DaemonIsBusy (busy); next attempt in D',
      'attempt 2 of 5: exited 4 (DaemonIsBusy: daemon busy with another command), category busy, D; retried because --retry-busy retries exit 4 DaemonIsBusy (busy); next attempt in D',
      'attempt 3 of 5: exited 0 (Success: the command succeeded), category success, D; stopped because the command succeeded',
      'exit:    0; flaky: it survived 2 failures (DaemonIsBusy, DaemonIsBusy)',
      '',
    ]);
  });

  it('a plain success', async () => {
    const file = join(tempDir(), 'r.json');
    expect((await runXrun(['--report', file, '--', 'sh', '-c', 'echo "$0"; exit 0', 'it is'])).code).toBe(0);
    expect(await explained(file)).toEqual([
      `command: sh -c 'echo "$0"; exit 0' 'it is'`,
      'tool:    generic',
      'attempt 1 of 1: exited 0 (Success: the command succeeded), category success, D; stopped because the command succeeded',
      'exit:    0; not flaky',
      '',
    ]);
  });

  it('a give-up: every attempt used', async () => {
    const file = join(tempDir(), 'r.json');
    expect(
      (await runXrun(['--attempts', '2', '--delay', '10ms', '--report', file, '--', 'sh', '-c', 'exit 3'])).code,
    ).toBe(3);
    expect(await explained(file)).toEqual([
      "command: sh -c 'exit 3'",
      'tool:    generic',
      'attempt 1 of 2: exited 3 (Failure: the command failed), category failure, D; retried because --attempts retries exit 3 Failure (failure); next attempt in D',
      'attempt 2 of 2: exited 3 (Failure: the command failed), category failure, D; stopped because --attempts retries exit 3 Failure (failure), but all 2 attempts are used',
      'exit:    3; not flaky',
      '',
    ]);
  });

  it('a timeout escalated to SIGKILL', async () => {
    const file = join(tempDir(), 'r.json');
    const script = "trap '' TERM; while :; do sleep 0.05; done";
    expect(
      (await runXrun(['--timeout', '300ms', '--kill-after', '200ms', '--report', file, '--', 'sh', '-c', script])).code,
    ).toBe(124);
    expect(await explained(file)).toEqual([
      String.raw`command: sh -c 'trap '\'''\'' TERM; while :; do sleep 0.05; done'`,
      'tool:    generic',
      'attempt 1 of 1: timed out after D (TimedOut: stopped by xrun after --timeout), SIGKILL after --kill-after, category timeout, D; stopped because TimedOut (timeout) is not retried by the policy',
      'exit:    124; not flaky',
      '',
    ]);
  });

  it('a signal death, re-raised', async () => {
    const file = join(tempDir(), 'r.json');
    expect((await runXrun(['--report', file, '--', 'sh', '-c', 'kill -s KILL $$'])).signal).toBe('SIGKILL');
    expect(await explained(file)).toEqual([
      "command: sh -c 'kill -s KILL $$'",
      'tool:    generic',
      'attempt 1 of 1: was killed by SIGKILL (SIGKILL: killed by SIGKILL), category signal, D; stopped because SIGKILL (signal) is not retried by the policy',
      'exit:    137 (SIGKILL, re-raised on xrun); not flaky',
      '',
    ]);
  });

  it('a command not started', async () => {
    const file = join(tempDir(), 'r.json');
    expect((await runXrun(['--report', file, '--', 'xrun-no-such-command'])).code).toBe(127);
    expect(await explained(file)).toEqual([
      'command: xrun-no-such-command',
      'tool:    generic',
      'attempt 1 of 1: could not be started (ENOENT) (CommandNotFound: command not found), category user, D; stopped because the command could not be started (ENOENT)',
      'exit:    127; not flaky',
      '',
    ]);
  });

  it('a hostile report: no secret, no escape sequence, no line of its own gets through', async () => {
    const dir = tempDir();
    const file = join(dir, 'r.json');
    const attempt = {
      ...SUCCESS_ATTEMPT,
      outcome: { kind: 'exited', code: 4 },
      classification: {
        ...SUCCESS_ATTEMPT.classification,
        category: 'busy',
        name: 'Busy\n::error::FORGED',
        meaning: 'token ghp_0123456789abcdefghij0123456789abcdef \x1b[2J',
      },
      decision: { ...SUCCESS_ATTEMPT.decision, stop: 'not-retryable', reason: 'because\r\nexit: 0' },
    };
    const report = {
      ...SUCCESS_REPORT,
      command: ['deploy', '--password', 'hunter2', 'GITHUB_TOKEN=ghp_0123456789abcdefghij0123456789abcdef', 'a\nb'],
      tool: 'generic\x1b]0;title\x07',
      attempts: [attempt],
      exit: { rawCode: 4, code: 4, signal: null },
    };
    writeFileSync(file, JSON.stringify(report));
    expect(await explained(file)).toEqual([
      "command: deploy --password '***' 'GITHUB_TOKEN=***' 'a\\nb'",
      'tool:    generic\\x1b]0;title\\x07',
      'attempt 1 of 1: exited 4 (Busy\\n::error::FORGED: token ghp_*** \\x1b[2J), category busy, D; stopped because because\\r\\nexit: 0',
      'exit:    4; not flaky',
      '',
    ]);
  });

  it.each([
    ['{"schemaVersion": 1, "xrunVersion": "0.1.0"}', 'is not a valid xrun report (command: expected a list)'],
    [
      '{"schemaVersion": 1, "xrunVersion": "0.1.0", "command": ["x"], "tool": "generic", "maxAttempts": 1, "exit": {"rawCode": 0, "code": 0, "signal": null}, "attempts": [{"attempt": 1}]}',
      'is not a valid xrun report (attempts[0].classification: expected an object)',
    ],
    [
      '{"schemaVersion": 2, "xrunVersion": "9.0.0"}',
      'is an xrun report of schema version 2; this xrun reads version 1',
    ],
    [
      '{"schemaVersion": "1\\n::error::x", "xrunVersion": "0.1.0"}',
      'is an xrun report of schema version of type string; this xrun reads version 1',
    ],
  ])('a malformed xrun report %s: one line, 125', async (text, problem) => {
    const file = join(tempDir(), 'r.json');
    writeFileSync(file, text);
    const r = await runXrun(['explain', file]);
    expect({ code: r.code, stdout: r.stdout.toString(), stderr: r.stderr.toString() }).toEqual({
      code: 125,
      stdout: '',
      stderr: `xrun: explain: ${JSON.stringify(file)} ${problem}\n`,
    });
  });
});
