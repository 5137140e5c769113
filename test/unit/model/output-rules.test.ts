import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import { compilePatterns, type Pattern } from '../../../src/model/linear-regex.js';
import { decideOutput, OUTPUT_TAIL_BYTES, type OutputRules } from '../../../src/model/output-rules.js';
import { decideRetry } from '../../../src/model/policy.js';
import { BoundedTail } from '../../../src/model/stderr-tail.js';
import { models } from '../../../src/model/tools/index.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { buildPlan } from '../../../src/settings/plan.js';

async function patterns(...sources: string[]): Promise<Pattern[]> {
  const compiled = await compilePatterns(sources);
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.patterns;
}

async function rules(stop: string[], retry: string[]): Promise<OutputRules> {
  return { stop: await patterns(...stop), retry: await patterns(...retry) };
}

describe('decideOutput', () => {
  it.each([
    {
      name: 'retry on stdout',
      stop: [],
      retry: ['connection reset'],
      stdout: 'x connection reset y',
      stderr: '',
      want: { action: 'retry', pattern: 'connection reset', stream: 'stdout' },
    },
    {
      name: 'retry on stderr',
      stop: [],
      retry: ['connection reset'],
      stdout: '',
      stderr: 'connection reset',
      want: { action: 'retry', pattern: 'connection reset', stream: 'stderr' },
    },
    { name: 'no match', stop: ['fatal'], retry: ['reset'], stdout: 'ok', stderr: 'fine', want: { action: 'none' } },
    {
      name: 'stop wins over retry',
      stop: ['fatal'],
      retry: ['reset'],
      stdout: 'reset',
      stderr: 'fatal',
      want: { action: 'stop', pattern: 'fatal', stream: 'stderr' },
    },
    {
      name: 'first retry pattern given decides',
      stop: [],
      retry: ['a+', 'b'],
      stdout: 'b a',
      stderr: '',
      want: { action: 'retry', pattern: 'a+', stream: 'stdout' },
    },
    {
      name: 'JavaScript syntax: \\d and a class',
      stop: [],
      retry: ['HTTP 5\\d\\d', '[Tt]imeout'],
      stdout: 'got HTTP 503',
      stderr: '',
      want: { action: 'retry', pattern: 'HTTP 5\\d\\d', stream: 'stdout' },
    },
  ])('$name', async ({ stop, retry, stdout, stderr, want }) => {
    expect(decideOutput(await rules(stop, retry), { stdout, stderr })).toEqual(want);
  });

  it('sees a match that ends the last 64 KiB exactly, not one a byte before them', async () => {
    const r = await rules([], ['^needle']);
    const tailOf = (before: number) => {
      const tail = new BoundedTail(OUTPUT_TAIL_BYTES);
      tail.push(Buffer.from('x'.repeat(before)));
      tail.push(Buffer.from(`needle${'y'.repeat(OUTPUT_TAIL_BYTES - 6)}`));
      return tail.text();
    };
    expect(OUTPUT_TAIL_BYTES).toBe(65536);
    // the needle starts the tail exactly: the tail is the needle and what follows
    expect(decideOutput(r, { stdout: tailOf(100), stderr: '' }).action).toBe('retry');
    const cut = new BoundedTail(OUTPUT_TAIL_BYTES);
    cut.push(Buffer.from(`needle${'y'.repeat(OUTPUT_TAIL_BYTES - 5)}`));
    // one byte more: the first byte of the needle is out of the tail
    expect(decideOutput(r, { stdout: cut.text(), stderr: '' }).action).toBe('none');
  });

  it('matches a catastrophically backtracking pattern in linear time', async () => {
    const r = await rules([], ['(a+)+$']);
    const started = Date.now();
    expect(decideOutput(r, { stdout: `${'a'.repeat(40)}b`, stderr: `${'a'.repeat(OUTPUT_TAIL_BYTES - 1)}b` }).action).toBe('none');
    // JavaScript's engine would take longer than the universe's age on 40 a's; RE2JS takes milliseconds
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('compilePatterns', () => {
  it.each([['('], ['a{2,1}'], ['(a)\\1'], ['a(?=b)']])("rejects %s with the engine's reason", async (source) => {
    const compiled = await compilePatterns(['ok', source]);
    expect(compiled).toMatchObject({ ok: false, source });
  });
});

describe('decideRetry with an output verdict', () => {
  const policy = buildPlan({ retryOn: '1', attempts: '3' }, ['sh']).policy;
  const decide = (outcome: Outcome, verdict: Parameters<typeof decideRetry>[4]) =>
    decideRetry(outcome, classifyOutcome(models.generic, outcome), 1, policy, verdict);
  const stop = { action: 'stop', pattern: 'fatal', stream: 'stdout' } as const;
  const retry = { action: 'retry', pattern: 'reset', stream: 'stderr' } as const;
  it.each([
    {
      name: 'an output stop beats --retry-on 1',
      outcome: { kind: 'exited', code: 1 },
      verdict: stop,
      retry: false,
      reason: 'stdout matches --stop-on-output "fatal"',
    },
    {
      name: 'an output retry retries what the policy would not',
      outcome: { kind: 'exited', code: 2 },
      verdict: retry,
      retry: true,
      reason: 'stderr matches --retry-on-output "reset"',
    },
    { name: 'an output retry never retries a success', outcome: { kind: 'exited', code: 0 }, verdict: retry, retry: false, reason: 'the command succeeded' },
    { name: 'an output retry never retries an interrupt', outcome: { kind: 'signaled', signal: 'SIGINT' }, verdict: retry, retry: false },
    { name: 'no verdict: the policy as before', outcome: { kind: 'exited', code: 2 }, verdict: { action: 'none' }, retry: false },
  ] as const)('$name', ({ outcome, verdict, retry: wanted, ...rest }) => {
    const decision = decide(outcome as Outcome, verdict);
    expect(decision.retry).toBe(wanted);
    if ('reason' in rest) expect(decision.reason).toBe(rest.reason);
  });
});
