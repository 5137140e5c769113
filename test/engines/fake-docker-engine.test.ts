import { afterEach, describe, expect, it } from 'vitest';
import { type FakeEngine, type PullAnswer, startFakeEngine } from '../fixtures/fake-docker-engine.js';
import { enginesReady, xrunLines } from '../helpers/engines.js';
import { runXrun } from '../helpers/xrun.js';

// The REAL docker CLI against a scripted engine on a unix socket: registry failures on demand.
const ready = enginesReady('fake Docker Engine API tests', ['docker']);
const IMAGE = 'registry.example/team/app:1';
const RATE_LIMIT =
  'toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading';
let engine: FakeEngine | undefined;

async function pullWith(answers: PullAnswer[], xrunArgs: string[], options: { hangEverything?: boolean } = {}) {
  engine = await startFakeEngine(answers, options);
  const r = await runXrun([...xrunArgs, '--', 'docker', 'pull', IMAGE], { env: engine.env });
  return { ...r, lines: xrunLines(r.stderr), pulls: engine.pulls() };
}

describe.runIf(ready)('real docker CLI against a scripted Docker Engine API', () => {
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('toomanyrequests twice then success: retried only with --retry-on rate-limit, 3 attempts, exit 0', async () => {
    const script: PullAnswer[] = [
      { kind: 'stream-error', message: RATE_LIMIT },
      { kind: 'stream-error', message: RATE_LIMIT },
      { kind: 'ok' },
    ];
    const r = await pullWith(script, ['--retry-on', 'rate-limit', '--delay', '50ms']);
    expect(r.code).toBe(0);
    expect(r.pulls).toBe(3);
    expect(
      r.stdout
        .toString()
        .split('\n')
        .filter((l) => l === `1: Pulling from registry.example/team/app`),
    ).toHaveLength(3);
    expect(r.lines.map((l) => l.replace(/ in \d+ms$/, ''))).toEqual([
      'xrun: docker exited 1 (RateLimited: registry pull rate limit (HTTP 429)); attempt 2 of 5',
      'xrun: docker exited 1 (RateLimited: registry pull rate limit (HTTP 429)); attempt 3 of 5',
      'xrun: docker succeeded on attempt 3 of 5, flaky: it survived 2 failures (RateLimited, RateLimited)',
    ]);
    await engine!.close();
    // without --retry-on rate-limit: one attempt, docker's own exit code
    const once = await pullWith(script, ['--retry-connect', '--retry-on', 'network']);
    expect(once.code).toBe(1);
    expect(once.pulls).toBe(1);
    expect(once.lines).toEqual([]);
    expect(once.stderr.toString()).toBe(`${RATE_LIMIT}\n`);
  });

  it('a stated retry-after is the delay', async () => {
    const r = await pullWith(
      [{ kind: 'stream-error', message: 'toomanyrequests: retry-after: 1s' }, { kind: 'ok' }],
      ['--retry-on', 'rate-limit'],
    );
    expect(r.code).toBe(0);
    expect(r.pulls).toBe(2);
    expect(r.lines).toEqual([
      'xrun: docker exited 1 (RateLimited: registry pull rate limit (HTTP 429)); attempt 2 of 5 in 1s',
      'xrun: docker succeeded on attempt 2 of 5, flaky: it survived 1 failure (RateLimited)',
    ]);
  });

  it('--normalize: a rate limit is 2 (rate-limit)', async () => {
    const r = await pullWith([{ kind: 'stream-error', message: RATE_LIMIT }], ['--normalize']);
    expect(r.code).toBe(2);
    expect(r.pulls).toBe(1);
  });

  const network: [string, PullAnswer, string][] = [
    [
      'a registry 503',
      { kind: 'stream-error', message: 'received unexpected HTTP status: 503 Service Unavailable' },
      'RegistryServerError',
    ],
    [
      'a TLS handshake timeout',
      { kind: 'stream-error', message: 'Get "https://registry.example/v2/": net/http: TLS handshake timeout' },
      'TlsHandshakeTimeout',
    ],
    [
      'a connection reset',
      {
        kind: 'http-error',
        status: 500,
        message:
          'Get "https://registry.example/v2/": read tcp 10.0.0.2:4711->10.0.0.9:443: read: connection reset by peer',
      },
      'ConnectionReset',
    ],
  ];
  it.each(network)('%s is network: retried by --retry-on network, normalized 2', async (_name, answer, ruleName) => {
    const r = await pullWith([answer, { kind: 'ok' }], ['--retry-on', 'network', '--delay', '10ms']);
    expect(r.code).toBe(0);
    expect(r.pulls).toBe(2);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatch(new RegExp(`^xrun: docker exited 1 \\(${ruleName}: .*\\); attempt 2 of 5 in \\d+ms$`));
    expect(r.lines[1]).toBe(`xrun: docker succeeded on attempt 2 of 5, flaky: it survived 1 failure (${ruleName})`);
    await engine!.close();
    expect((await pullWith([answer], ['--normalize'])).code).toBe(2);
  });

  const user: [string, PullAnswer, string][] = [
    [
      'an unknown manifest',
      {
        kind: 'http-error',
        status: 404,
        message: `manifest for ${IMAGE} not found: manifest unknown: manifest unknown`,
      },
      'ImageNotFound',
    ],
    [
      'access denied',
      {
        kind: 'http-error',
        status: 404,
        message:
          "pull access denied for registry.example/team/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
      },
      'AccessDenied',
    ],
    ['unauthorized', { kind: 'stream-error', message: 'unauthorized: authentication required' }, 'AccessDenied'],
  ];
  it.each(user)('%s is user: never retried, normalized 3', async (_name, answer, ruleName) => {
    const r = await pullWith(
      [answer, { kind: 'ok' }],
      ['--normalize', '--retry-connect', '--retry-on', 'network,rate-limit,infra,failure', '--delay', '10ms'],
    );
    expect(r.code).toBe(3);
    expect(r.pulls).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.stderr.toString()).toContain(
      answer.kind === 'http-error' ? `Error response from daemon: ${answer.message}` : 'unauthorized',
    );
    // the rule that decided, as a retry line names it when the user asks to retry user errors
    await engine!.close();
    const asked = await pullWith([answer, { kind: 'ok' }], ['--retry-on', 'user', '--delay', '10ms']);
    expect(asked.lines[0]).toMatch(new RegExp(`^xrun: docker exited 1 \\(${ruleName}: `));
  });

  it('an engine that accepts and never answers: --timeout ends the docker CLI (124, normalized 6)', async () => {
    const started = Date.now();
    const r = await pullWith([{ kind: 'hang' }], ['--timeout', '2s', '--kill-after', '2s'], { hangEverything: true });
    expect(r.code).toBe(124);
    expect(engine!.requests.length).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    await engine!.close();
    const n = await pullWith([{ kind: 'hang' }], ['--normalize', '--timeout', '1s', '--kill-after', '2s']);
    expect(n.code).toBe(6);
    expect(n.pulls).toBe(1);
  });
});
