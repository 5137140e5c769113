import { describe, expect, it } from 'vitest';
import { runXrun } from '../helpers/xrun.js';

// The real docker CLI against an unreachable daemon: nothing listens on 127.0.0.1:1.
const UNREACHABLE = { DOCKER_HOST: 'tcp://127.0.0.1:1' };
const CANNOT_CONNECT = 'Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?';

describe('real docker CLI, daemon unreachable', () => {
  it('without a policy: docker run exits 125 and xrun adds nothing', async () => {
    const r = await runXrun(['--', 'docker', 'run', '--rm', 'busybox', 'true'], { env: UNREACHABLE });
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(`docker: ${CANNOT_CONNECT}\n\nRun 'docker run --help' for more information\n`);
  });

  it('--retry-connect retries docker run (125) and docker ps (1) by their message', async () => {
    for (const [args, code] of [
      [['run', '--rm', 'busybox', 'true'], 125],
      [['ps'], 1],
    ] as const) {
      const r = await runXrun(['--retry-connect', '--attempts', '3', '--delay', '10ms', '--', 'docker', ...args], { env: UNREACHABLE });
      expect(r.code).toBe(code);
      const text = r.stderr.toString();
      expect(text.split(CANNOT_CONNECT).length - 1).toBe(3);
      const xrunLines = text.split('\n').filter((l) => l.startsWith('xrun: '));
      expect(xrunLines.map((l) => l.replace(/ in \d+ms$/, ''))).toEqual([
        `xrun: docker exited ${code} (DaemonUnreachable: cannot reach the engine (not running, still starting, or a missing socket)); attempt 2 of 3`,
        `xrun: docker exited ${code} (DaemonUnreachable: cannot reach the engine (not running, still starting, or a missing socket)); attempt 3 of 3`,
        `xrun: docker exited ${code} (DaemonUnreachable: cannot reach the engine (not running, still starting, or a missing socket)); giving up after 3 attempts`,
      ]);
    }
  });

  it('a missing socket is a connect failure too', async () => {
    const r = await runXrun(['--retry-connect', '--attempts', '2', '--delay', '10ms', '--', 'docker', 'ps'], {
      env: { DOCKER_HOST: 'unix:///tmp/xrun-no-such.sock' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.toString()).toContain('xrun: docker exited 1 (DaemonUnreachable:');
  });

  it('a docker flag error (125 with usage) is a user error: not retried, normalized 3', async () => {
    const r = await runXrun(['--retry-connect', '--retry-on', 'infra', '--normalize', '--', 'docker', 'run', '--no-such-flag', 'busybox'], {
      env: UNREACHABLE,
    });
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe(
      "unknown flag: --no-such-flag\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
    );
  });

  it('--normalize: an unreachable daemon is connect (11)', async () => {
    const r = await runXrun(['--normalize', '--', 'docker', 'ps'], { env: UNREACHABLE });
    expect(r.code).toBe(11);
  });

  it.each([
    ['a closed port', 'tcp://127.0.0.1:1', ['pull', 'registry.example/x:1'], 1],
    ['a closed port', 'tcp://127.0.0.1:1', ['run', '--rm', 'busybox', 'true'], 125],
    ['a missing socket', 'unix:///tmp/xrun-no-such.sock', ['pull', 'registry.example/x:1'], 1],
    ['a missing socket', 'unix:///tmp/xrun-no-such.sock', ['run', '--rm', 'busybox', 'true'], 125],
  ] as const)('%s (%s), docker %j: exit %i, connect (normalized 11)', async (_name, host, args, code) => {
    const raw = await runXrun(['--', 'docker', ...args], { env: { DOCKER_HOST: host } });
    expect(raw.code).toBe(code);
    expect(raw.stderr.toString()).toContain(`Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`);
    expect((await runXrun(['--normalize', '--', 'docker', ...args], { env: { DOCKER_HOST: host } })).code).toBe(11);
  });
});
