import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModuleChild } from '../../../helpers/module-child.js';
import { tempDir } from '../../../helpers/xrun.js';

interface Streams {
  // what the child was given: 'inherit', 'pipe' or a descriptor (a FIFO's write end)
  given: [string | number, string | number];
  drained: { stdoutTail: string; stderrTail: string; outputErrors: unknown[] };
  held: string;
}

// childStreams in a process of its own (it relays to descriptors 1 and 2), for a real child running
// `script`; what it gave the child and what drain() said are written to dir/result.json.
async function withStreams(
  script: string,
  read: { stdout: boolean; stderr: boolean; hold?: boolean | 'failing' },
  options: Parameters<typeof runModuleChild>[1] = {},
) {
  const dir = tempDir('xrun-child-streams-');
  const ended = await runModuleChild(
    `import { spawn } from 'node:child_process';
     import { writeFileSync } from 'node:fs';
     import { Writable } from 'node:stream';
     import { childStreams } from './src/process/relay/child-streams.js';
     import { releaseSpareFifos } from './src/process/relay/fifo-pool.js';
     const held = [];
     const full = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', errno: -28 });
     const failing = ${read.hold === 'failing'};
     const hold = new Writable({ write(chunk, _encoding, done) { if (failing) return done(full); held.push(chunk); done(); } });
     const streams = await childStreams(${read.stdout}, ${read.stderr}, ${read.hold ? 'hold' : 'undefined'});
     const child = spawn('sh', ['-c', ${JSON.stringify(script)}], { stdio: ['ignore', streams.stdout, streams.stderr] });
     streams.started(child);
     await new Promise((resolve) => child.on('exit', resolve));
     const drained = await streams.drain();
     // as a run ends: the FIFOs kept for a next attempt go
     releaseSpareFifos();
     const given = [streams.stdout, streams.stderr].map((s) => (typeof s === 'number' ? 'fd' : s));
     writeFileSync('result.json', JSON.stringify({ given, drained, held: Buffer.concat(held).toString() }));`,
    { cwd: dir, ...options },
  );
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as Streams;
  return { ...result, stdout: ended.stdout.toString(), stderr: ended.stderr.toString(), code: ended.code };
}

const OUT_THEN_ERR = 'echo out; echo err >&2';

describe("the child's output streams for one attempt (relay/child-streams.ts)", () => {
  it("nothing read: the child writes to xrun's own descriptors, no tails", async () => {
    const got = await withStreams(OUT_THEN_ERR, { stdout: false, stderr: false });
    expect(got).toMatchObject({ given: ['inherit', 'inherit'], stdout: 'out\n', stderr: 'err\n' });
    expect(got.drained).toEqual({ stdoutTail: '', stderrTail: '', outputErrors: [] });
  });

  it('stderr read: through a FIFO to xrun’s stderr, its tail kept; stdout untouched', async () => {
    const got = await withStreams(OUT_THEN_ERR, { stdout: false, stderr: true });
    expect(got).toMatchObject({ given: ['inherit', 'fd'], stdout: 'out\n', stderr: 'err\n' });
    expect(got.drained).toEqual({ stdoutTail: '', stderrTail: 'err\n', outputErrors: [] });
  });

  it('both read: a tail of each', async () => {
    const got = await withStreams(OUT_THEN_ERR, { stdout: true, stderr: true });
    expect(got).toMatchObject({ given: ['fd', 'fd'], stdout: 'out\n', stderr: 'err\n' });
    expect(got.drained).toEqual({ stdoutTail: 'out\n', stderrTail: 'err\n', outputErrors: [] });
  });

  it('xrun’s stdout and stderr the same file: one merged relay, in order, its tail standing for stderr’s', async () => {
    const dir = tempDir('xrun-merged-');
    const fd = openSync(join(dir, 'both'), 'w');
    try {
      const got = await withStreams(
        'echo 1; echo 2 >&2; echo 3',
        { stdout: true, stderr: true },
        { stdout: fd, stderr: fd },
      );
      expect(got.given).toEqual(['fd', 'fd']);
      expect(got.drained).toEqual({ stdoutTail: '', stderrTail: '1\n2\n3\n', outputErrors: [] });
      expect(readFileSync(join(dir, 'both'), 'utf8')).toBe('1\n2\n3\n');
    } finally {
      closeSync(fd);
    }
  });

  it('--hold-stdout: stdout goes through a pipe of its own to the sink, never to xrun’s stdout', async () => {
    const got = await withStreams(OUT_THEN_ERR, { stdout: false, stderr: false, hold: true });
    expect(got).toMatchObject({ given: ['pipe', 'inherit'], stdout: '', stderr: 'err\n', held: 'out\n' });
    expect(got.drained).toEqual({ stdoutTail: 'out\n', stderrTail: '', outputErrors: [] });
  });

  it('--hold-stdout with stdout and stderr the same file: never merged, stderr relayed on its own', async () => {
    const dir = tempDir('xrun-merged-');
    const fd = openSync(join(dir, 'both'), 'w');
    try {
      const got = await withStreams(
        OUT_THEN_ERR,
        { stdout: false, stderr: true, hold: true },
        { stdout: fd, stderr: fd },
      );
      expect([got.given, got.held]).toEqual([['pipe', 'fd'], 'out\n']);
      expect(got.drained).toEqual({ stdoutTail: 'out\n', stderrTail: 'err\n', outputErrors: [] });
      expect(readFileSync(join(dir, 'both'), 'utf8')).toBe('err\n');
    } finally {
      closeSync(fd);
    }
  });

  it("a held stdout's failed write is the held stream's output error", async () => {
    const got = await withStreams(OUT_THEN_ERR, { stdout: false, stderr: false, hold: 'failing' });
    expect(got.drained.outputErrors).toEqual([{ stream: 'held', errno: 'ENOSPC', message: 'no space left on device' }]);
  });

  it('a relayed write that fails is an output error of its stream', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const got = await withStreams(OUT_THEN_ERR, { stdout: true, stderr: false }, { stdout: full });
      expect(got.drained).toEqual({
        stdoutTail: 'out\n',
        stderrTail: '',
        outputErrors: [{ stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' }],
      });
    } finally {
      closeSync(full);
    }
  });
});
