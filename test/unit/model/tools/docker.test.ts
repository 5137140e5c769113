import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { docker } from '../../../../src/model/tools/docker.js';

const ROWS: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [1, 'GenericError', 'failure', 1],
  [125, 'DockerError', 'infra', 2],
  [126, 'CannotInvoke', 'user', 3],
  [127, 'NotFound', 'user', 3],
  [3, 'ContainerExit', 'failure', 1],
  [2, 'ContainerExit', 'failure', 1],
  [137, 'SIGKILL', 'signal', 137],
  [143, 'SIGTERM', 'signal', 143],
  [130, 'SIGINT', 'signal', 130],
];

describe("docker's model (model/tools/docker.ts)", () => {
  it.each(ROWS)('exit %i is %s (%s, normalized %i)', (code, name, category, normalized) => {
    expect(classifyExitCode(docker, code)).toMatchObject({ name, category, normalizedCode: normalized, rawCode: code });
  });

  // [message, exit code, rule id or none, category]
  const messages: [string, number, string | undefined, string][] = [
    [
      'docker: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      125,
      'daemon-unreachable',
      'connect',
    ],
    ['Cannot connect to the Docker daemon. Is the docker daemon running?', 1, 'daemon-unreachable', 'connect'],
    // the container's own code is the container's, whatever it printed
    ['Cannot connect to the Docker daemon. Is the docker daemon running?', 3, undefined, 'failure'],
    ['toomanyrequests: too many failed login attempts for username or IP address', 1, 'login-throttled', 'user'],
    ['toomanyrequests: You have reached your unauthenticated pull rate limit.', 125, 'rate-limited', 'rate-limit'],
    ['Error response from daemon: pull access denied for nosuch/image', 125, 'registry-auth', 'user'],
    [
      'Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout',
      125,
      'tls-handshake-timeout',
      'network',
    ],
    ['dial tcp 10.0.0.1:443: i/o timeout', 1, 'io-timeout', 'network'],
    ['read tcp 10.0.0.2:5555->10.0.0.1:443: read: connection reset by peer', 125, 'connection-reset', 'network'],
    ['received unexpected HTTP status: 503 Service Unavailable', 1, 'registry-5xx', 'network'],
    ['write /var/lib/docker/tmp/x: no space left on device', 125, 'no-space', 'user'],
    ['unknown flag: --frobnicate', 125, 'cli-usage', 'user'],
    // a usage error is docker's own only at 125
    ['unknown flag: --frobnicate', 1, undefined, 'failure'],
    ['docker: conflicting options: --rm and --restart', 125, 'run-validation', 'user'],
  ];
  it.each(messages)('%j at exit %i: rule %s (%s)', (text, code, ruleId, category) => {
    const read = classifyExitCode(docker, code, text);
    expect([read.ruleId, read.category]).toEqual([ruleId, category]);
  });

  it('the first matching rule decides: a throttled login is not a rate limit', () => {
    const ids = docker.rules.map((r) => r.id);
    expect(ids.indexOf('login-throttled')).toBeLessThan(ids.indexOf('rate-limited'));
    expect(ids.indexOf('tls-misconfigured')).toBeLessThan(ids.indexOf('daemon-unreachable'));
  });

  it('exec, compose run/exec, compose, build and inspect read codes their own way', () => {
    expect(docker.refinements?.map((r) => [r.via, r.table, r.passthrough])).toEqual([
      ['docker exec', 'own', true],
      ['docker compose run', 'own', true],
      ['docker compose', 'own', false],
      ['docker build', 'own', false],
      ['docker inspect|info|version|events', 'override', false],
    ]);
    // a program's messages are its own: only the rules about reaching the daemon stay
    expect(docker.refinements?.[0]?.rules?.map((r) => r.id)).toEqual([
      'socket-permission-denied',
      'tls-misconfigured',
      'daemon-unreachable',
    ]);
  });
});
