import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  containersWithLabel,
  enginesReady,
  interruptRunningContainer,
  removeLabelled,
  uniqueLabel,
  xrunLines,
} from '../helpers/engines.js';
import { runXrun, tempDir } from '../helpers/xrun.js';

const ready = enginesReady('podman engine tests', ['podman', 'runc'], true);
const LABEL = uniqueLabel('podman');
const IMAGE = 'localhost/bb:latest';
const podmanRun = (...args: string[]) => ['podman', 'run', '--pull=never', '--label', LABEL, ...args];
const REMOVED = /^xrun: removed container [0-9a-f]{12} after (timeout|SIGINT)$/;

describe.runIf(ready)('real podman (podman run around localhost/bb)', () => {
  afterEach(() => removeLabelled(LABEL));
  afterAll(() => removeLabelled(LABEL));

  it('passes the container exit code through, and normalizes it as a failure', async () => {
    const r = await runXrun(['--', ...podmanRun('--rm', IMAGE, 'sh', '-c', 'exit 3')]);
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe('');
    expect((await runXrun(['--normalize', '--', ...podmanRun('--rm', IMAGE, 'sh', '-c', 'exit 3')])).code).toBe(1);
  });

  it('a bad flag is 125, a user error by its message: not retried even with --retry-on infra', async () => {
    const r = await runXrun(['--retry-on', 'infra', '--', ...podmanRun('--no-such-flag', IMAGE, 'true')]);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe("Error: unknown flag: --no-such-flag\nSee 'podman run --help'\n");
    expect((await runXrun(['--normalize', '--', ...podmanRun('--no-such-flag', IMAGE, 'true')])).code).toBe(3);
  });

  it('a missing image (125, "image not known") is user; a podman error without a rule is infra', async () => {
    const r = await runXrun([
      '--normalize',
      '--retry-on',
      'infra,network',
      '--',
      ...podmanRun('localhost/no-such-image:latest', 'true'),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toBe('Error: localhost/no-such-image:latest: image not known\n');
    const infra = await runXrun(['--normalize', '--', 'podman', 'volume', 'inspect', 'xrun-no-such-volume']);
    expect(infra.code).toBe(2);
  });

  it('126 for a non-executable command, 127 for a missing one (both user, normalized 3)', async () => {
    for (const [command, code] of [
      ['/bin/notexec', 126],
      ['/nonexistent', 127],
    ] as const) {
      const r = await runXrun(['--', ...podmanRun('--rm', IMAGE, command)]);
      expect(r.code, command).toBe(code);
      expect(r.stderr.toString()).toMatch(
        /^Error: runc: runc create failed: unable to start container process: exec: /,
      );
      expect((await runXrun(['--normalize', '--', ...podmanRun('--rm', IMAGE, command)])).code).toBe(3);
    }
  });

  it('--timeout stops podman run and removes its container', async () => {
    const started = Date.now();
    const r = await runXrun(['--timeout', '2s', '--', ...podmanRun(IMAGE, 'sleep', '60')]);
    expect(r.code).toBe(124);
    expect(xrunLines(r.stderr)).toEqual([
      expect.stringMatching(REMOVED),
      'xrun: podman timed out after 2s (TimedOut: stopped by xrun after --timeout)',
    ]);
    expect(xrunLines(r.stderr)[0]).toMatch(/after timeout$/);
    expect(containersWithLabel(LABEL)).toEqual([]);
    // the client ends with its container, before the 60 s sleep (no escalation: the lines above say none)
    expect(Date.now() - started).toBeLessThan(50_000);
    expect((await runXrun(['--normalize', '--timeout', '1s', '--', ...podmanRun(IMAGE, 'sleep', '60')])).code).toBe(6);
    expect(containersWithLabel(LABEL)).toEqual([]);
  });

  it('SIGINT to xrun removes the container; xrun dies of SIGINT', async () => {
    const r = await interruptRunningContainer(['--', 'env', 'XRUN_T=1', ...podmanRun(IMAGE, 'sleep', '60')], LABEL);
    expect(r.signal).toBe('SIGINT');
    expect(xrunLines(r.stderr)).toEqual([expect.stringMatching(/^xrun: removed container [0-9a-f]{12} after SIGINT$/)]);
    expect(containersWithLabel(LABEL)).toEqual([]);
  });

  it("uses the user's own --cidfile, and leaves it in place", async () => {
    const cidfile = join(tempDir('xrun-podman-'), 'my.cid');
    const r = await runXrun(['--timeout', '1s', '--', ...podmanRun('--cidfile', cidfile, IMAGE, 'sleep', '60')]);
    expect(r.code).toBe(124);
    expect(existsSync(cidfile)).toBe(true);
    const id = readFileSync(cidfile, 'utf8').trim();
    expect(xrunLines(r.stderr)).toEqual([
      `xrun: removed container ${id.slice(0, 12)} after timeout`,
      'xrun: podman timed out after 1s (TimedOut: stopped by xrun after --timeout)',
    ]);
    expect(containersWithLabel(LABEL)).toEqual([]);
  });

  it('a run that ends by itself keeps its container (xrun removes only what it stopped)', async () => {
    const r = await runXrun(['--timeout', '30s', '--', ...podmanRun(IMAGE, 'true')]);
    expect(r.code).toBe(0);
    expect(xrunLines(r.stderr)).toEqual([]);
    expect(containersWithLabel(LABEL)).toHaveLength(1);
  });
  it.each([
    ['conflicting options', ['--restart', 'always', '--rm', IMAGE, 'true'], /the --rm option conflicts with --restart/],
    ['a bad volume spec', ['-v', '/a:b:c:d', IMAGE, 'true'], /incorrect volume format/],
    ['a bad port spec', ['-p', 'abc', IMAGE, 'true'], /parsing container port: /],
    ['an invalid reference', [':bad', 'true'], /^Error: invalid reference format$/m],
  ])('podman run validation (%s) is 125 and user: not retried by --retry-on infra', async (_, args, message) => {
    const r = await runXrun([
      '--normalize',
      '--retry-on',
      'infra',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      ...podmanRun(...args),
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr.toString()).toMatch(message);
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it("podman exec passes the program's code: its 125 is a failure (normalized 1), not podman's infra", async () => {
    const cid = spawnSync('podman', ['run', '-d', '--pull=never', '--label', LABEL, IMAGE, 'sleep', '60'], {
      encoding: 'utf8',
    }).stdout.trim();
    const r = await runXrun([
      '--normalize',
      '--retry-on',
      'infra',
      '--attempts',
      '3',
      '--delay',
      '10ms',
      '--',
      'podman',
      'exec',
      cid,
      'sh',
      '-c',
      'exit 125',
    ]);
    expect(r.code).toBe(1);
    expect(xrunLines(r.stderr)).toEqual([]);
    // a missing command in the container is podman's 127 there too
    expect((await runXrun(['--normalize', '--', 'podman', 'container', 'exec', cid, '/nonexistent'])).code).toBe(3);
  });
});
