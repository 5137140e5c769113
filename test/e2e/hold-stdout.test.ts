import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/run/report.js';
import { plainEnv, runXrun, startXrun, tempDir, XRUN_BIN, xrunLines } from '../helpers/xrun.js';

// --hold-stdout with the built binary, real processes and pipes: only the attempt that ends the run
// reaches stdout, byte for byte; the failed attempts' stdout reaches stderr under one header line each;
// past 1 MiB the output waits in a file that is unlinked at once; a failed write at the end is one line
// and no success; an interrupt still gets the output written.

const MiB = 1024 * 1024;
// a tmpfs needs root and a mount namespace of the test's own
const ROOT = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

// A command that writes file `out<N>` of `dir` to stdout on attempt N and succeeds on attempt `ok`.
function attemptsWriting(dir: string, outputs: readonly Buffer[], ok = outputs.length): string[] {
  for (const [i, bytes] of outputs.entries()) writeFileSync(join(dir, `out${i + 1}`), bytes);
  return ['sh', '-c', `cat ${dir}/out$XRUN_ATTEMPT; echo "err$XRUN_ATTEMPT" >&2; [ "$XRUN_ATTEMPT" -ge ${ok} ]`];
}

const header = (attempt: number, bytes: number) =>
  Buffer.from(`xrun: stdout of failed attempt ${attempt} (${bytes} bytes):\n`);
const retryLine = (next: number, of: number) =>
  Buffer.from(`xrun: sh exited 1 (Failure: the command failed); attempt ${next} of ${of} in 0ms\n`);
// what xrun's TMPDIR holds of --hold-stdout's (nothing, ever: the file is unlinked as it is made)
const heldFiles = (tmp: string) => readdirSync(tmp).filter((name) => name.startsWith('xrun-hold-'));

describe('--hold-stdout (built binary)', () => {
  it("gives a pipe only the final attempt's stdout, and stderr the failed attempts' bytes under their headers", async () => {
    const dir = tempDir();
    // partial lines, binary bytes: the failed attempts' exactly as written, a line ended after them
    const [one, two, three] = [
      Buffer.from([0x7b, 0x22, 0x61, 0x00, 0xff]),
      Buffer.from('{"partial": tr'),
      Buffer.from('{"ok": true}\n'),
    ];
    const r = await runXrun([
      '--hold-stdout',
      '--attempts',
      '3',
      '--delay',
      '0',
      '--',
      ...attemptsWriting(dir, [one, two, three]),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual(three);
    const expected = Buffer.concat([
      Buffer.from('err1\n'),
      retryLine(2, 3),
      header(1, one.length),
      one,
      Buffer.from('\n'),
      Buffer.from('err2\n'),
      retryLine(3, 3),
      header(2, two.length),
      two,
      Buffer.from('\n'),
      Buffer.from('err3\n'),
      Buffer.from('xrun: sh succeeded on attempt 3 of 3, flaky: it survived 2 failures (Failure, Failure)\n'),
    ]);
    expect(r.stderr).toEqual(expected);
  });

  it('passes the last failure on to stdout when the attempts run out, and gives each attempt heldStdout in the report', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--hold-stdout',
      '--attempts',
      '2',
      '--delay',
      '0',
      '--report',
      join(dir, 'r.json'),
      '--',
      ...attemptsWriting(dir, [Buffer.from('a\n'), Buffer.from('b\n')], 3),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toBe('b\n');
    expect(r.stderr.toString()).toContain('xrun: stdout of failed attempt 1 (2 bytes):\na\nerr2\n');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.attempts.map((a) => a.heldStdout)).toEqual([
      { bytes: 2, spilled: false },
      { bytes: 2, spilled: false },
    ]);
  });

  it('passes a successful first attempt on unchanged, and says nothing', async () => {
    const dir = tempDir();
    const bytes = Buffer.concat([randomBytes(1000), Buffer.from('no newline at the end')]);
    const r = await runXrun(['--hold-stdout', '--attempts', '3', '--', ...attemptsWriting(dir, [bytes], 1)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual(bytes);
    expect(r.stderr.toString()).toBe('err1\n');
  });

  it('spills past 1 MiB: the bytes are exact, nothing is left in TMPDIR, and the report says spilled', async () => {
    const dir = tempDir();
    const tmp = tempDir('xrun-hold-tmp-');
    const [one, two] = [randomBytes(3 * MiB + 17), randomBytes(2 * MiB + 5)];
    const r = await runXrun(
      [
        '--hold-stdout',
        '--attempts',
        '2',
        '--delay',
        '0',
        '--report',
        join(dir, 'r.json'),
        '--',
        ...attemptsWriting(dir, [one, two]),
      ],
      {
        env: { TMPDIR: tmp },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.equals(two)).toBe(true);
    const stderr = r.stderr;
    const start = stderr.indexOf(header(1, one.length));
    expect(start).toBeGreaterThan(0);
    const from = start + header(1, one.length).length;
    expect(stderr.subarray(from, from + one.length).equals(one)).toBe(true);
    expect(heldFiles(tmp)).toEqual([]);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.attempts.map((a) => a.heldStdout)).toEqual([
      { bytes: one.length, spilled: true },
      { bytes: two.length, spilled: true },
    ]);
  });

  it('writes what an interrupted attempt held (spilled) to stdout before xrun re-raises SIGINT; no file is ever on disk', async () => {
    const dir = tempDir();
    const tmp = tempDir('xrun-hold-tmp-');
    const bytes = randomBytes(2 * MiB + 3);
    writeFileSync(join(dir, 'out'), bytes);
    const report = join(dir, 'r.json');
    const xrun = startXrun(
      ['--hold-stdout', '--report', report, '--', 'sh', '-c', `cat ${dir}/out; echo ready >&2; sleep 30`],
      { env: { TMPDIR: tmp } },
    );
    let beforeInterrupt = 0;
    const count = (chunk: Buffer) => (beforeInterrupt += chunk.length);
    xrun.child.stdout!.on('data', count);
    await xrun.stderrIncludes('ready');
    xrun.child.stdout!.off('data', count);
    // spilled and still held: its file was unlinked as it was made
    expect(heldFiles(tmp)).toEqual([]);
    xrun.child.kill('SIGINT');
    const r = await xrun.finished;
    expect(beforeInterrupt).toBe(0);
    expect(r.signal).toBe('SIGINT');
    expect(r.stdout.equals(bytes)).toBe(true);
    expect(heldFiles(tmp)).toEqual([]);
    const written = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(written.interrupted).toBe('SIGINT');
    expect(written.attempts.map((a) => a.heldStdout)).toEqual([{ bytes: bytes.length, spilled: true }]);
  });

  it('without it, every attempt streams to stdout as before', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--attempts',
      '2',
      '--delay',
      '0',
      '--',
      ...attemptsWriting(dir, [Buffer.from('one\n'), Buffer.from('two\n')]),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('one\ntwo\n');
    expect(r.stderr.toString()).not.toContain('stdout of failed attempt');
  });

  it('reads the held stdout once for --retry-on-output, and replays a piped stdin to each attempt', async () => {
    const script = 'cat; [ "$XRUN_ATTEMPT" = 2 ] || { echo "connection reset"; exit 1; }';
    const r = await runXrun(
      ['--hold-stdout', '--retry-on-output', 'connection reset', '--delay', '0', '--', 'sh', '-c', script],
      { input: 'stdin bytes\n' },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('stdin bytes\n');
    expect(xrunLines(r.stderr)).toEqual([
      'xrun: sh exited 1 (Failure: the command failed); attempt 2 of 5 in 0ms',
      'xrun: stdout of failed attempt 1 (29 bytes):',
      'xrun: sh succeeded on attempt 2 of 5, flaky: it survived 1 failure (Failure)',
    ]);
    expect(r.stderr.toString()).toContain('(29 bytes):\nstdin bytes\nconnection reset\nxrun: sh succeeded');
  });

  it('under --quiet keeps the bytes and drops the header', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '-q',
      '--hold-stdout',
      '--attempts',
      '2',
      '--delay',
      '0',
      '--',
      ...attemptsWriting(dir, [Buffer.from('one\n'), Buffer.from('two\n')]),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('two\n');
    expect(r.stderr.toString()).toBe('err1\none\nerr2\n');
  });

  it('where stdout and stderr are one file (2>&1), the file gets stderr as it comes, the failed stdout under its header, the last at the end', () => {
    const dir = tempDir();
    const command = attemptsWriting(dir, [Buffer.from('one\n'), Buffer.from('two\n')]);
    const r = spawnSync(
      'sh',
      ['-c', `"$0" --hold-stdout --attempts 2 --delay 0 -- sh -c '${command[2]}' > ${dir}/all 2>&1`, XRUN_BIN],
      { env: plainEnv() },
    );
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'all'), 'utf8')).toBe(
      [
        'err1',
        'xrun: sh exited 1 (Failure: the command failed); attempt 2 of 2 in 0ms',
        'xrun: stdout of failed attempt 1 (4 bytes):',
        'one',
        'err2',
        'two',
        // the flaky line is the run's very last
        'xrun: sh succeeded on attempt 2 of 2, flaky: it survived 1 failure (Failure)',
        '',
      ].join('\n'),
    );
  });

  it('is a usage error with a closed stdout: exit 125, one line, nothing started', () => {
    const dir = tempDir();
    const r = spawnSync('sh', ['-c', `"$0" --hold-stdout -- touch ${dir}/ran >&-`, XRUN_BIN], { env: plainEnv() });
    expect(r.status).toBe(125);
    expect(r.stderr.toString()).toBe(
      'xrun: --hold-stdout: stdout is closed: there is nowhere to write the held output\n',
    );
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    const env = spawnSync('sh', ['-c', `"$0" -- touch ${dir}/ran >&-`, XRUN_BIN], {
      env: { ...plainEnv(), XRUN_HOLD_STDOUT: '1' },
    });
    expect(env.status).toBe(125);
    expect(env.stderr.toString()).toBe(
      'xrun: XRUN_HOLD_STDOUT: stdout is closed: there is nowhere to write the held output\n',
    );
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('ends non-zero with one line when stdout is /dev/full at the end (the command succeeded, or its failure status)', () => {
    for (const [script, status] of [
      ['echo result', 1],
      ['echo result; exit 3', 3],
    ] as const) {
      const r = spawnSync('sh', ['-c', `"$0" --hold-stdout -- sh -c '${script}' > /dev/full`, XRUN_BIN], {
        env: plainEnv(),
      });
      expect(r.status).toBe(status);
      expect(r.stderr.toString()).toBe(
        "xrun: writing the command's stdout failed: ENOSPC (no space left on device); the rest of it was discarded\n",
      );
    }
  });

  it.runIf(ROOT)(
    'loses the output it cannot spill (a full TMPDIR): one line, exit 1, what was held passed on, nothing left',
    () => {
      const dir = tempDir();
      const bytes = randomBytes(4 * MiB);
      writeFileSync(join(dir, 'out'), bytes);
      const mnt = join(dir, 'mnt');
      const script = [
        `mkdir ${mnt} && mount -t tmpfs -o size=2m tmpfs ${mnt} || exit 99`,
        `TMPDIR=${mnt} "$0" --hold-stdout -- cat ${dir}/out > ${dir}/stdout 2> ${dir}/stderr`,
        `echo $? > ${dir}/status`,
        `ls -A ${mnt} > ${dir}/left`,
      ].join('; ');
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script, XRUN_BIN], { env: plainEnv() });
      expect(r.status).toBe(0);
      expect(readFileSync(join(dir, 'status'), 'utf8')).toBe('1\n');
      expect(readFileSync(join(dir, 'stderr'), 'utf8')).toBe(
        "xrun: holding the command's stdout in a temporary file failed: ENOSPC (no space left on device); the rest of it was discarded\n",
      );
      const passed = readFileSync(join(dir, 'stdout'));
      expect(passed.length).toBeGreaterThanOrEqual(MiB);
      expect(passed.length).toBeLessThan(bytes.length);
      expect(passed.equals(bytes.subarray(0, passed.length))).toBe(true);
      expect(readFileSync(join(dir, 'left'), 'utf8')).toBe('');
    },
  );

  it("ends with the command's status when the reader goes away at the end (EPIPE), and says nothing", () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"$0" --hold-stdout -- head -c 4000000 /dev/zero | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"`,
        XRUN_BIN,
      ],
      {
        env: plainEnv(),
      },
    );
    expect(r.stdout.toString()).toBe('0\n');
    expect(r.stderr.toString()).toBe('');
  });
});
