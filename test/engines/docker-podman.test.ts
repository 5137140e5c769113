import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  containersWithLabel,
  enginesReady,
  interruptRunningContainer,
  removeLabelled,
  uniqueLabel,
  xrunLines,
} from '../helpers/engines.js';
import { eventually, runXrun, tempDir } from '../helpers/xrun.js';

// The real docker CLI against podman's Docker-compatible API on a unix socket of our own.
// Known engine gaps (podman 4.3.1): with --rm the docker CLI reports 0 whatever the code, and an
// attached run of a missing/non-executable command gives 1 ("unable to upgrade to tcp, received
// 409"); detached (-d) it gives 127/126. So these runs go without --rm, and the 126/127 ones with -d.
const ready = enginesReady('docker CLI + podman API tests', ['podman', 'runc', 'docker'], true);
const LABEL = uniqueLabel('docker');
const IMAGE = 'localhost/bb:latest';
let service: ChildProcess | undefined;
let env: NodeJS.ProcessEnv = {};
const dockerRun = (...args: string[]) => ['docker', 'run', '--label', LABEL, ...args];

describe.runIf(ready)('real docker CLI against podman system service', () => {
  beforeAll(async () => {
    const dir = tempDir('xrun-docker-api-');
    const socket = join(dir, 'sock');
    // cwd: conmon 2.1.6 writes its `oom` marker of an OOM-killed container there (the OOM test)
    service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore', cwd: dir });
    env = { DOCKER_HOST: `unix://${socket}` };
    const answers = () =>
      spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      }).stdout.trim() !== '';
    expect(await eventually(answers, 30_000)).toBe(true);
  });
  afterEach(() => removeLabelled(LABEL));
  afterAll(() => {
    removeLabelled(LABEL);
    service?.kill('SIGTERM');
  });

  it('passes the container exit code through docker run (without --rm)', async () => {
    const r = await runXrun(['--', ...dockerRun(IMAGE, 'sh', '-c', 'exit 3')], { env });
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe('');
    expect((await runXrun(['--normalize', '--', ...dockerRun(IMAGE, 'sh', '-c', 'exit 42')], { env })).code).toBe(1);
  });

  it('a docker flag error is 125 and user (normalized 3)', async () => {
    const r = await runXrun(['--normalize', '--retry-on', 'infra', '--', ...dockerRun('--no-such-flag', IMAGE)], {
      env,
    });
    expect(r.code).toBe(3);
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it('detached: 127 for a missing command, 126 for a non-executable one, by code and by message', async () => {
    for (const [command, code] of [
      ['/nonexistent', 127],
      ['/bin/notexec', 126],
    ] as const) {
      const r = await runXrun(['--', ...dockerRun('-d', IMAGE, command)], { env });
      expect(r.code, command).toBe(code);
      expect(r.stderr.toString()).toMatch(
        /^docker: Error response from daemon: runc: runc create failed: unable to start container process: exec: /,
      );
      expect((await runXrun(['--normalize', '--', ...dockerRun('-d', IMAGE, command)], { env })).code).toBe(3);
    }
  });

  it('a missing image is 125 and user by its message', async () => {
    const r = await runXrun(
      ['--normalize', '--', ...dockerRun('--pull=never', 'localhost/no-such-image:latest', 'true')],
      { env },
    );
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toContain('image not known');
  });

  it('--timeout stops docker run and removes its container (through env and `container run`)', async () => {
    const started = Date.now();
    const r = await runXrun([
      '--timeout',
      '2s',
      '--',
      'env',
      `DOCKER_HOST=${env.DOCKER_HOST}`,
      'docker',
      'container',
      'run',
      '--label',
      LABEL,
      IMAGE,
      'sleep',
      '60',
    ]);
    expect(r.code).toBe(124);
    expect(xrunLines(r.stderr)).toEqual([
      expect.stringMatching(/^xrun: removed container [0-9a-f]{12} after timeout$/),
      'xrun: docker timed out after 2s (TimedOut: stopped by xrun after --timeout)',
    ]);
    expect(containersWithLabel(LABEL)).toEqual([]);
    // before the 60 s sleep (no escalation: the lines above say none); a loaded machine took 10 s here
    expect(Date.now() - started).toBeLessThan(50_000);
  });

  it('TMPDIR=/nonexistent: the cid file goes to the runtime directory, and --timeout still removes the container', async () => {
    const runtime = tempDir('xrun-docker-runtime-');
    try {
      const r = await runXrun(['--timeout', '2s', '--', ...dockerRun(IMAGE, 'sleep', '60')], {
        env: { ...env, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime },
      });
      expect(r.code).toBe(124);
      expect(xrunLines(r.stderr)).toEqual([
        `xrun: cannot make temporary files in "/nonexistent" (ENOENT); using ${JSON.stringify(runtime)}`,
        expect.stringMatching(/^xrun: removed container [0-9a-f]{12} after timeout$/),
        'xrun: docker timed out after 2s (TimedOut: stopped by xrun after --timeout)',
      ]);
      expect(containersWithLabel(LABEL)).toEqual([]);
      expect(readdirSync(runtime)).toEqual([]);
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('SIGINT to xrun removes the docker run container', async () => {
    const r = await interruptRunningContainer(['--', ...dockerRun(IMAGE, 'sleep', '60')], LABEL, { env });
    expect(r.signal).toBe('SIGINT');
    expect(xrunLines(r.stderr)).toEqual([expect.stringMatching(/^xrun: removed container [0-9a-f]{12} after SIGINT$/)]);
    expect(containersWithLabel(LABEL)).toEqual([]);
  });

  it('with a --cidfile of the user, a retry still starts: the file the first attempt wrote goes first', async () => {
    const cidfile = join(tempDir('xrun-cid-'), 'cid');
    const r = await runXrun(
      [
        '--retry-on',
        '3',
        '--attempts',
        '2',
        '--delay',
        '1ms',
        '--',
        ...dockerRun('--cidfile', cidfile, IMAGE, 'sh', '-c', 'exit 3'),
      ],
      {
        env,
      },
    );
    expect(r.code).toBe(3);
    const exited = "xrun: docker exited 3 (ContainerExit: the container's own exit code)";
    expect(r.stderr.toString().replace(/ in \d+ms\n/, ' in 0ms\n')).toBe(
      `${exited}; attempt 2 of 2 in 0ms\n${exited}; giving up after 2 attempts\n`,
    );
    // the second attempt's container id, left for the user as docker leaves it
    expect(readFileSync(cidfile, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(containersWithLabel(LABEL)).toHaveLength(2);
  });

  it('a --cidfile that was there before the run is left alone: docker refuses it, as without xrun', async () => {
    const cidfile = join(tempDir('xrun-cid-'), 'cid');
    writeFileSync(cidfile, 'someone else');
    const r = await runXrun(
      [
        '--retry-on',
        '3,125',
        '--attempts',
        '2',
        '--delay',
        '1ms',
        '--',
        ...dockerRun('--cidfile', cidfile, IMAGE, 'sh', '-c', 'exit 3'),
      ],
      { env },
    );
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toContain(
      `docker: container ID file found, make sure the other container isn't running or delete ${cidfile}`,
    );
    expect(readFileSync(cidfile, 'utf8')).toBe('someone else');
  });

  it('--quiet silences the removal line but still removes the container', async () => {
    // 5 s: under load the container may take seconds to start, and the timeout must fire after it runs
    const r = await runXrun(['--quiet', '--timeout', '5s', '--', ...dockerRun(IMAGE, 'sleep', '60')], { env });
    expect(r.code).toBe(124);
    expect(r.stderr.toString()).toBe('');
    expect(containersWithLabel(LABEL)).toEqual([]);
  });
  it.each([
    ['a bad port spec', ['-p', 'abc', IMAGE, 'true'], /^docker: invalid containerPort: abc$/m],
    [
      'conflicting options',
      ['--restart', 'always', '--rm', IMAGE, 'true'],
      /^docker: conflicting options: cannot specify both --restart and --rm$/m,
    ],
    ['an unknown shorthand flag', ['-x', IMAGE], /^unknown shorthand flag: 'x' in -x$/m],
    ['an invalid reference', ['Bad:Ref'], /^docker: invalid reference format/m],
  ])('docker run validation (%s) is 125 and user: not retried by --retry-on infra', async (_, args, message) => {
    const r = await runXrun(
      ['--normalize', '--retry-on', 'infra', '--attempts', '3', '--delay', '10ms', '--', ...dockerRun(...args)],
      { env },
    );
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toMatch(message);
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it("docker exec passes the program's code: its 125 is a failure (normalized 1), not docker's infra", async () => {
    const cid = spawnSync('docker', [...dockerRun('-d', IMAGE, 'sleep', '60').slice(1)], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    }).stdout.trim();
    const r = await runXrun(
      [
        '--normalize',
        '--retry-on',
        'infra',
        '--attempts',
        '3',
        '--delay',
        '10ms',
        '--',
        'docker',
        'exec',
        cid,
        'sh',
        '-c',
        'exit 125',
      ],
      {
        env,
      },
    );
    expect(r.code).toBe(1);
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it('docker inspect with a --format template that does not parse is 64, a user error', async () => {
    const r = await runXrun(['--', 'docker', 'inspect', '--format', '{{', IMAGE], { env });
    expect(r.code).toBe(64);
    expect(
      (await runXrun(['--normalize', '--', 'docker', 'image', 'inspect', '--format', '{{', IMAGE], { env })).code,
    ).toBe(3);
  });

  // 137 is oom only when confirmed (docs/exit-codes.md): `docker inspect` through the API, then the kernel
  // log (readable by root here; test/engines/oom.test.ts says when the machine does not allow it)
  it.runIf(kernelLogReadable())(
    'docker run past its --memory exits 137 and is oom, confirmed; a SIGKILL inside is not',
    async () => {
      const report = join(tempDir(), 'r.json');
      const oom = await runXrun(
        ['--report', report, '--', ...dockerRun('--memory', '16m', IMAGE, 'sh', '-c', 'tail /dev/zero')],
        { env },
      );
      expect(oom.code).toBe(137);
      const [killed] = JSON.parse(readFileSync(report, 'utf8')).attempts;
      expect(killed.classification).toMatchObject({ category: 'oom', name: 'OOMKilled' });
      expect(killed.oom.evidence).toMatch(
        /^(State\.OOMKilled true|kernel log: oom-kill of tail \(pid \d+\) in the container's memory cgroup)$/,
      );
      const plain = await runXrun(['--report', report, '--', ...dockerRun('--init', IMAGE, 'sh', '-c', 'kill -9 $$')], {
        env,
      });
      expect(plain.code).toBe(137);
      const [sigkill] = JSON.parse(readFileSync(report, 'utf8')).attempts;
      expect(sigkill.classification).toMatchObject({ category: 'signal', name: 'SIGKILL' });
      expect(sigkill.oom).toEqual({
        confirmed: false,
        evidence: 'State.OOMKilled false; no oom-kill of the container in the kernel log',
      });
    },
  );
});

function kernelLogReadable(): boolean {
  try {
    accessSync('/dev/kmsg', constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
