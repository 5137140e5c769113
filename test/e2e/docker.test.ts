import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownTempDirs } from '../helpers/own-dirs.js';
import { CAN_MOUNT, runXrunWithTmpfs, type Tmpfs } from '../helpers/tmpfs.js';
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
      const r = await runXrun(['--retry-connect', '--attempts', '3', '--delay', '10ms', '--', 'docker', ...args], {
        env: UNREACHABLE,
      });
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
    const r = await runXrun(
      ['--retry-connect', '--retry-on', 'infra', '--normalize', '--', 'docker', 'run', '--no-such-flag', 'busybox'],
      {
        env: UNREACHABLE,
      },
    );
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
    expect(raw.stderr.toString()).toContain(
      `Cannot connect to the Docker daemon at ${host}. Is the docker daemon running?`,
    );
    expect((await runXrun(['--normalize', '--', 'docker', ...args], { env: { DOCKER_HOST: host } })).code).toBe(11);
  });
});

// The container-id file's directory where $TMPDIR cannot hold one: the runtime directory, else xrun's
// cache; docker starts either way (here it fails for its own reason, the unreachable daemon: 125).
describe('docker run with an unusable TMPDIR', () => {
  const dir = ownTempDirs('xrun-docker-tmp-');
  const RUN = ['--', 'docker', 'run', '--rm', 'busybox', 'true'];
  const dockerSaid = (stderr: Buffer) =>
    stderr.toString().includes('docker: Cannot connect to the Docker daemon at tcp://127.0.0.1:1.');

  it('TMPDIR=/nonexistent: docker starts, with one line naming the place used, which is left clean', async () => {
    const runtime = dir();
    const r = await runXrun(RUN, { env: { ...UNREACHABLE, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime } });
    expect(r.code).toBe(125);
    expect(dockerSaid(r.stderr)).toBe(true);
    expect(xrunLines(r.stderr)).toEqual([
      `xrun: cannot make temporary files in "/nonexistent" (ENOENT); using ${JSON.stringify(runtime)}`,
    ]);
    expect(readdirSync(runtime)).toEqual([]);
    // --quiet silences the line, not docker
    const quiet = await runXrun(['-q', ...RUN], {
      env: { ...UNREACHABLE, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime },
    });
    expect([quiet.code, xrunLines(quiet.stderr), dockerSaid(quiet.stderr)]).toEqual([125, [], true]);
  });

  it('no place at all: docker starts without --cidfile, and the run says what it loses, once', async () => {
    const r = await runXrun(['--retry-connect', '--attempts', '2', '--delay', '1ms', ...RUN], {
      env: { ...UNREACHABLE, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: '', XRUN_CACHE_DIR: '/dev/null/cache' },
    });
    expect(r.code).toBe(125);
    expect(r.stderr.toString().split('docker: Cannot connect to the Docker daemon').length - 1).toBe(2);
    expect(xrunLines(r.stderr)[0]).toBe(
      'xrun: cannot make temporary files in "/nonexistent" (ENOENT), "/dev/null/cache" (ENOTDIR); a container xrun stops (timeout, interrupt) will not be removed',
    );
    expect(xrunLines(r.stderr).filter((l) => l.includes('temporary files'))).toHaveLength(1);
  });

  it.runIf(CAN_MOUNT).each<[Tmpfs, string]>([
    ['full', 'ENOSPC'],
    ['no-inodes', 'ENOSPC'],
    ['read-only', 'EROFS'],
  ])("a %s TMPDIR (a tmpfs of the test's own): docker starts, one line (%s)", async (kind, code) => {
    const tmp = dir();
    const runtime = dir();
    const r = await runXrunWithTmpfs({ [tmp]: kind }, RUN, {
      env: { ...UNREACHABLE, TMPDIR: tmp, XDG_RUNTIME_DIR: runtime },
    });
    expect(r.code).toBe(125);
    expect(dockerSaid(r.stderr)).toBe(true);
    expect(xrunLines(r.stderr)).toEqual([
      `xrun: cannot make temporary files in ${JSON.stringify(tmp)} (${code}); using ${JSON.stringify(runtime)}`,
    ]);
    expect(readdirSync(runtime)).toEqual([]);
  });
});

const xrunLines = (stderr: Buffer) =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
