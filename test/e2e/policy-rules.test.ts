import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, runXrun, tempDir } from '../helpers/xrun.js';

// A rule as its JSON has it (`then` built by name: an object literal with a then key reads as a thenable to the linter).
const rule = (when: object, then: unknown) =>
  Object.fromEntries([
    ['when', when],
    ['then', then],
  ]);

// The buck2 simulator read through the generic model (--tool generic) is a command whose exits we script.
async function generic(steps: string, args: string[], cwd?: string) {
  const sim = buck2Sim(steps);
  const report = join(sim.dir, 'report.json');
  const r = await runXrun(['--tool', 'generic', '--delay', '0', '--report', report, ...args, '--', 'buck2', 'build'], {
    env: sim.env,
    ...(cwd ? { cwd } : {}),
  });
  const deciders = existsSync(report)
    ? (
        JSON.parse(readFileSync(report, 'utf8')) as {
          attempts: { decision: { decider: string | null; stop: string | null } }[];
        }
      ).attempts.map((a) => a.decision.decider ?? a.decision.stop)
    : [];
  return { code: r.code, signal: r.signal, attempts: sim.invocations(), deciders, stderr: r.stderr.toString() };
}

describe('policy conditions and rules (built binary)', () => {
  it('retries an exit code inside a --retry-on range, and names the range', async () => {
    const r = await generic('150,0', ['--retry-on', '129-192']);
    expect([r.code, r.attempts, r.deciders]).toEqual([0, 2, ['--retry-on 129-192', 'success']]);
  });

  it('retries a death by a signal named in --retry-on', async () => {
    const r = await generic('sig:KILL,0', ['--retry-on', 'busy,kill']);
    expect([r.code, r.attempts, r.deciders]).toEqual([0, 2, ['--retry-on kill', 'success']]);
  });

  it('retries a timeout with --retry-on timeout', async () => {
    const r = await generic('sleep:20:0,0', ['--retry-on', 'timeout', '--timeout', '300ms', '--kill-after', '1s']);
    expect([r.code, r.attempts, r.deciders]).toEqual([0, 2, ['--retry-on timeout', 'success']]);
  });

  it('--stop-on beats --retry-on: one attempt, the exit status as is', async () => {
    const r = await generic('3,0', ['--retry-on', '1-5', '--stop-on', '3']);
    expect([r.code, r.attempts, r.deciders]).toEqual([3, 1, ['--stop-on 3']]);
    expect(r.stderr).toBe('');
  });

  it('config rules: the first match wins, and a map rule sets the exit status', async () => {
    const dir = tempDir('xrun-rules-');
    const rules = [
      rule({ code: '1-2' }, 'retry'),
      rule({ code: 3, category: 'failure' }, { map: 0 }),
      rule({ code: 3 }, 'retry'),
    ];
    writeFileSync(join(dir, 'xrun.config.json'), JSON.stringify({ rules }));
    const r = await generic('2,3,0', [], dir);
    expect([r.code, r.attempts, r.deciders]).toEqual([
      0,
      2,
      ['rule 1 of xrun.config.json', 'rule 2 of xrun.config.json'],
    ]);
  });

  it('never retries buck2 141 (SIGINT) under --retry-on signal, and explain says why', async () => {
    const sim = buck2Sim('141,0');
    const r = await runXrun(['--retry-on', 'signal', '--delay', '0', '--', 'buck2', 'build'], { env: sim.env });
    expect([r.code, sim.invocations()]).toEqual([141, 1]);
    const e = await runXrun(['explain', '141', '--tool', 'buck2', '--retry-on', 'signal']);
    expect(e.stdout.toString()).toContain(
      '  policy:       not retried: exit 141 is read by the buck2 model as SIGINT, a user interrupt, which is never retried whatever the policy or rules say\n',
    );
  });

  it('never retries a generic 130 under --retry-on 130', async () => {
    const r = await generic('130,0', ['--retry-on', '130']);
    expect([r.code, r.attempts, r.deciders]).toEqual([130, 1, ['interrupted']]);
  });

  it('explain names the flag or rule that decided', async () => {
    const e = await runXrun(['explain', '3', '--tool', 'generic', '--retry-on', '1-5', '--stop-on', '3']);
    expect(e.stdout.toString()).toContain(
      '  policy:       not retried: --stop-on 3 stops on exit 3 Failure (failure)\n',
    );
  });

  it.each([
    [['--retry-on', '5-3'], "xrun: --retry-on: '5-3' is an empty range (the lower code comes first)"],
    [['--retry-on', '1-'], "xrun: --retry-on: '1-' is not a range of exit codes (e.g. 129-192)"],
    [['--stop-on', 'SIGNOPE'], "xrun: --stop-on: unknown signal 'SIGNOPE' (e.g. KILL, SIGTERM, hup)"],
    [
      ['--stop-on', 'bussy'],
      expect.stringMatching(/^xrun: --stop-on: unknown condition 'bussy' \(expected an exit code, /),
    ],
    [
      ['--rules', '[{"when":{"code":3},"then":"again"}]'],
      'xrun: --rules[0].then: expected "retry", "stop" or {"map": N}, got "again"',
    ],
  ])('%j: exit 125, one line, nothing started', async (args, line) => {
    const sim = buck2Sim('0');
    const r = await runXrun([...args, '--', 'buck2', 'build'], { env: sim.env });
    expect([r.code, sim.invocations()]).toEqual([125, 0]);
    expect(r.stderr.toString().split('\n')).toEqual([line, '']);
  });

  it('a bad config rule: exit 125, one line naming the key, nothing started', async () => {
    const dir = tempDir('xrun-rules-');
    writeFileSync(
      join(dir, 'xrun.config.json'),
      JSON.stringify({
        rules: [rule({ code: 1 }, 'stop'), rule({ code: '9-1' }, 'retry')],
      }),
    );
    const sim = buck2Sim('0');
    const r = await runXrun(['--', 'buck2', 'build'], { env: sim.env, cwd: dir });
    expect([r.code, sim.invocations()]).toEqual([125, 0]);
    expect(r.stderr.toString()).toBe(
      "xrun: xrun.config.json: rules[1].when.code: '9-1' is an empty range (the lower code comes first)\n",
    );
  });
});
