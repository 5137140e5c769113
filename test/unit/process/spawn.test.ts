import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { environmentWith, type SpawnOptions, spawnChild } from '../../../src/process/spawn.js';
import { tempDir } from '../../helpers/xrun.js';

const OPTIONS: SpawnOptions = { detached: false, stdout: 'pipe', stdin: 'pipe', extraFds: [] };
const start = (command: string[], more: Partial<SpawnOptions> = {}) => {
  const child = spawnChild(command, { ...OPTIONS, ...more });
  child.stdin?.end();
  return child;
};

async function text(stream: Readable | null): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream!) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('spawnChild', () => {
  it('an exit code', async () => {
    expect(await start(['sh', '-c', 'exit 5']).exited).toEqual({ kind: 'exited', code: 5 });
  });

  it('a death by a signal', async () => {
    expect(await start(['sh', '-c', 'kill -TERM $$']).exited).toEqual({ kind: 'signaled', signal: 'SIGTERM' });
  });

  it('stdout piped to xrun, stdin fed by it', async () => {
    const child = spawnChild(['cat'], OPTIONS);
    child.stdin!.end('abc\n');
    expect(await text(child.stdout)).toBe('abc\n');
    expect(await child.exited).toEqual({ kind: 'exited', code: 0 });
  });

  it('stderr piped when asked; otherwise no stream', async () => {
    const piped = start(['sh', '-c', 'printf e >&2'], { stderr: 'pipe' });
    expect(await text(piped.stderr)).toBe('e');
    const inherited = start(['true']);
    expect(inherited.stderr).toBeNull();
    await Promise.all([piped.exited, inherited.exited]);
  });

  it("the variables given are added to xrun's environment", async () => {
    process.env['XRUN_SPAWN_TEST_BASE'] = 'b';
    try {
      const child = start(['sh', '-c', 'printf "%s,%s" "$XRUN_SPAWN_TEST_BASE" "$XRUN_SPAWN_TEST_ADDED"'], {
        env: { XRUN_SPAWN_TEST_ADDED: 'a' },
      });
      expect(await text(child.stdout)).toBe('b,a');
      await child.exited;
    } finally {
      delete process.env['XRUN_SPAWN_TEST_BASE'];
    }
  });

  it("the child's environment is exactly xrun's with the given variables over it: each once, the given value winning", async () => {
    process.env['XRUN_SPAWN_TEST_BASE'] = 'b';
    process.env['XRUN_SPAWN_TEST_OVER'] = 'xrun';
    try {
      const child = start(['env'], { env: { XRUN_SPAWN_TEST_OVER: 'given', XRUN_SPAWN_TEST_ADDED: 'a=b' } });
      const lines = (await text(child.stdout)).split('\n').filter((line) => line !== '');
      const expected = { ...process.env, XRUN_SPAWN_TEST_OVER: 'given', XRUN_SPAWN_TEST_ADDED: 'a=b' };
      expect(lines.sort()).toEqual(
        Object.entries(expected)
          .map(([name, value]) => `${name}=${value}`)
          .sort(),
      );
      await child.exited;
    } finally {
      delete process.env['XRUN_SPAWN_TEST_BASE'];
      delete process.env['XRUN_SPAWN_TEST_OVER'];
    }
  });

  it('environmentWith: a plain copy of process.env, the extra over it; a change after it is not seen', () => {
    process.env['XRUN_SPAWN_TEST_COPY'] = 'before';
    try {
      const env = environmentWith({ XRUN_SPAWN_TEST_EXTRA: '1' });
      process.env['XRUN_SPAWN_TEST_COPY'] = 'after';
      expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
      expect(env).toEqual({ ...process.env, XRUN_SPAWN_TEST_COPY: 'before', XRUN_SPAWN_TEST_EXTRA: '1' });
      expect(environmentWith(undefined)).toEqual({ ...process.env });
    } finally {
      delete process.env['XRUN_SPAWN_TEST_COPY'];
    }
  });

  it('an extra descriptor is passed on at its own number', async () => {
    const file = join(tempDir(), 'jobserver');
    const fd = openSync(file, 'w');
    try {
      const child = start(['bash', '-c', `printf x >&${fd}`], { extraFds: [fd] });
      expect(await child.exited).toEqual({ kind: 'exited', code: 0 });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  // The process group of the child ($$), from /proc/$$/stat (field 5; sh's name holds no space).
  const PGID = 'read -r _ _ _ _ pgid _ < /proc/$$/stat; printf %s "$pgid"';

  it('detached: the child leads a process group of its own', async () => {
    const child = start(['sh', '-c', PGID], { detached: true });
    expect(await text(child.stdout)).toBe(String(child.pid));
    await child.exited;
  });

  it("not detached: the child stays in xrun's process group", async () => {
    const child = start(['sh', '-c', PGID]);
    const pgid = await text(child.stdout);
    expect(pgid).not.toBe(String(child.pid));
    expect(pgid).toBe(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[2]);
    await child.exited;
  });

  it('a command not found: a spawn error as Node words it, nothing started', async () => {
    const child = start(['xrun-no-such-command-test']);
    expect(await child.exited).toEqual({
      kind: 'spawn-error',
      errno: 'ENOENT',
      message: 'spawn xrun-no-such-command-test ENOENT',
    });
  });

  it("the message redacts a command named like a secret's assignment", async () => {
    expect(await start(['GITHUB_TOKEN=ghp_secret']).exited).toEqual({
      kind: 'spawn-error',
      errno: 'ENOENT',
      message: 'spawn GITHUB_TOKEN=*** ENOENT',
    });
  });
});
