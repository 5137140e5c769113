import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runModuleChild } from '../../helpers/module-child.js';
import { tempDir } from '../../helpers/xrun.js';

// stdio.ts keeps its state in the module: each test imports a fresh one, writes through spies (nothing
// reaches the worker's real streams), and the error listeners it added are taken off again.
type Stdio = typeof import('../../../src/process/stdio.js');
let stdio: Stdio;
let listeners: { out: unknown[]; err: unknown[] };

beforeEach(async () => {
  vi.resetModules();
  stdio = await import('../../../src/process/stdio.js');
  listeners = { out: process.stdout.listeners('error'), err: process.stderr.listeners('error') };
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const [stream, before] of [
    [process.stdout, listeners.out],
    [process.stderr, listeners.err],
  ] as const) {
    for (const listener of stream.listeners('error'))
      if (!before.includes(listener)) stream.removeListener('error', listener as (e: Error) => void);
  }
});

const failing = (code: string, errno: number) => Object.assign(new Error(code), { code, errno });

describe('stdout', () => {
  it('writeStdout writes the text as given', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stdio.writeStdout('a\nb');
    expect(write.mock.calls).toEqual([['a\nb']]);
  });

  it('after EPIPE: later writes are dropped, and no failure is kept (the reader went away)', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stdio.stdoutStream();
    process.stdout.emit('error', failing('EPIPE', -32));
    stdio.writeStdout('lost');
    expect(write).not.toHaveBeenCalled();
    expect(stdio.stdoutWriteFailure()).toBeUndefined();
  });

  it('after another error: the first failure is kept, named and worded', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    stdio.stdoutStream();
    process.stdout.emit('error', failing('ENOSPC', -28));
    process.stdout.emit('error', failing('EIO', -5));
    expect(stdio.stdoutWriteFailure()).toEqual({ errno: 'ENOSPC', message: 'no space left on device' });
  });

  it('one error listener however often the stream is asked for', () => {
    const before = process.stdout.listenerCount('error');
    stdio.stdoutStream();
    stdio.stdoutStream();
    expect(process.stdout.listenerCount('error')).toBe(before + 1);
    expect(stdio.stdoutStream()).toBe(process.stdout);
  });
});

describe('stderr', () => {
  it("unclaimed (a library's host): no error listener is added", () => {
    const before = process.stderr.listenerCount('error');
    expect(stdio.stderrStream()).toBe(process.stderr);
    expect(process.stderr.listenerCount('error')).toBe(before);
  });

  it('claimed before or after it is built: one listener', () => {
    const before = process.stderr.listenerCount('error');
    stdio.claimStderr();
    stdio.stderrStream();
    stdio.stderrStream();
    expect(process.stderr.listenerCount('error')).toBe(before + 1);
  });

  it("claimed: after a write error xrun's own lines are dropped", () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdio.claimStderr();
    stdio.writeStderr('one\n');
    process.stderr.emit('error', failing('EPIPE', -32));
    stdio.writeStderr('two\n');
    expect(write.mock.calls).toEqual([['one\n']]);
  });
});

describe('whenOutputFlushed', () => {
  it('nothing built, nothing waiting: called at once, once', () => {
    const then = vi.fn();
    stdio.whenOutputFlushed(then);
    expect(then).toHaveBeenCalledTimes(1);
  });
});

describe('isTerminal', () => {
  // isTerminal on 0, 1 and 2 in a process of its own, and whether it loaded node:tty
  const probe = `import { writeFileSync } from 'node:fs';
    import { isTerminal } from './src/process/stdio.js';
    const answers = [isTerminal(0), isTerminal(1), isTerminal(2)];
    writeFileSync(process.env.PROBE_OUT, JSON.stringify({ answers, tty: process.moduleLoadList.includes('NativeModule tty') }));`;

  it('a pipe, a file and /dev/null are no terminal, told without loading node:tty', async () => {
    const dir = tempDir();
    const out = join(dir, 'probe.json');
    const file = openSync(join(dir, 'stderr'), 'w');
    // stdin is closed at once: a pipe; stdout /dev/null; stderr a file
    const devNull = openSync('/dev/null', 'w');
    await runModuleChild(probe, { env: { ...process.env, PROBE_OUT: out }, stdout: devNull, stderr: file });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ answers: [false, false, false], tty: false });
  });

  it('a terminal is one (a pseudo-terminal of script(1) on all three)', async () => {
    const out = join(tempDir(), 'probe.json');
    const ended = await runModuleChild(probe, {
      env: { ...process.env, PROBE_OUT: out },
      launch: (file) => ['script', ['-qec', `"${process.execPath}" "${file}"`, '/dev/null']],
    });
    expect(ended.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ answers: [true, true, true], tty: true });
  });
});
