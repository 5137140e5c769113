import { describe, expect, it } from 'vitest';
import { classifyOutcome } from '../../../src/model/classify.js';
import { compilePatterns, type Pattern } from '../../../src/model/linear-regex.js';
import type { Outcome } from '../../../src/model/outcome.js';
import { matchedPatterns, OUTPUT_TAIL_BYTES } from '../../../src/model/output-rules.js';
import { decideRetry } from '../../../src/model/policy.js';
import { BoundedTail } from '../../../src/model/stderr-tail.js';
import { models } from '../../../src/model/tools/index.js';
import { buildPlan } from '../../../src/settings/plan.js';

async function patterns(...sources: string[]): Promise<Pattern[]> {
  const compiled = await compilePatterns(sources);
  if (!compiled.ok) throw new Error(compiled.problem);
  return compiled.patterns;
}

describe('matchedPatterns', () => {
  it.each([
    {
      name: 'on stdout',
      sources: ['connection reset'],
      stdout: 'x connection reset y',
      stderr: '',
      want: ['connection reset'],
    },
    {
      name: 'on stderr',
      sources: ['connection reset'],
      stdout: '',
      stderr: 'connection reset',
      want: ['connection reset'],
    },
    { name: 'no match', sources: ['fatal', 'reset'], stdout: 'ok', stderr: 'fine', want: [] },
    {
      name: 'every pattern that matches, on either stream',
      sources: ['fatal', 'reset', 'nope'],
      stdout: 'reset',
      stderr: 'fatal',
      want: ['fatal', 'reset'],
    },
    {
      name: 'JavaScript syntax: \\d and a class',
      sources: ['HTTP 5\\d\\d', '[Tt]imeout'],
      stdout: 'got HTTP 503',
      stderr: '',
      want: ['HTTP 5\\d\\d'],
    },
  ])('$name', async ({ sources, stdout, stderr, want }) => {
    expect([...matchedPatterns(await patterns(...sources), { stdout, stderr })]).toEqual(want);
  });

  it('sees a match that ends the last 64 KiB exactly, not one a byte before them', async () => {
    const r = await patterns('^needle');
    const tailOf = (before: number) => {
      const tail = new BoundedTail(OUTPUT_TAIL_BYTES);
      tail.push(Buffer.from('x'.repeat(before)));
      tail.push(Buffer.from(`needle${'y'.repeat(OUTPUT_TAIL_BYTES - 6)}`));
      return tail.text();
    };
    expect(OUTPUT_TAIL_BYTES).toBe(65536);
    // the needle starts the tail exactly: the tail is the needle and what follows
    expect(matchedPatterns(r, { stdout: tailOf(100), stderr: '' }).size).toBe(1);
    const cut = new BoundedTail(OUTPUT_TAIL_BYTES);
    cut.push(Buffer.from(`needle${'y'.repeat(OUTPUT_TAIL_BYTES - 5)}`));
    // one byte more: the first byte of the needle is out of the tail
    expect(matchedPatterns(r, { stdout: cut.text(), stderr: '' }).size).toBe(0);
  });

  it('matches a catastrophically backtracking pattern in linear time', async () => {
    const r = await patterns('(a+)+$');
    const started = Date.now();
    expect(
      matchedPatterns(r, { stdout: `${'a'.repeat(40)}b`, stderr: `${'a'.repeat(OUTPUT_TAIL_BYTES - 1)}b` }).size,
    ).toBe(0);
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

describe('decideRetry with output patterns (the order of docs/configuration.md "Rules")', () => {
  const policy = buildPlan({ retryOn: '1', retryOnOutput: 'reset', stopOnOutput: 'fatal', attempts: '3' }, [
    'sh',
  ]).policy;
  const decide = (outcome: Outcome, matched: string[]) =>
    decideRetry(outcome, classifyOutcome(models.generic, outcome), 1, policy, { matchedOutput: new Set(matched) });
  it.each([
    {
      name: 'an output stop beats --retry-on 1',
      outcome: { kind: 'exited', code: 1 },
      matched: ['fatal', 'reset'],
      retry: false,
      reason: '--stop-on-output "fatal" stops on exit 1 Failure (failure)',
    },
    {
      name: 'an output retry retries what the policy would not',
      outcome: { kind: 'exited', code: 2 },
      matched: ['reset'],
      retry: true,
      reason: '--retry-on-output "reset" retries exit 2 Failure (failure)',
    },
    {
      name: 'an output retry never retries a success',
      outcome: { kind: 'exited', code: 0 },
      matched: ['reset'],
      retry: false,
      reason: 'the command succeeded',
    },
    {
      name: 'an output retry never retries an interrupt',
      outcome: { kind: 'signaled', signal: 'SIGINT' },
      matched: ['reset'],
      retry: false,
    },
    { name: 'nothing matched: the policy as before', outcome: { kind: 'exited', code: 2 }, matched: [], retry: false },
  ] as const)('$name', ({ outcome, matched, retry: wanted, ...rest }) => {
    const decision = decide(outcome as Outcome, [...matched]);
    expect(decision.retry).toBe(wanted);
    if ('reason' in rest) expect(decision.reason).toBe(rest.reason);
  });
});
