import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noFifoEnv } from '../helpers/no-mkfifo.js';
import { buck2Sim, FIXTURES_BIN, HAS_PROC, plainEnv, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// Where xrun's stdout and stderr are the same file (2>&1, one pipe, one terminal), the child's output
// reaches it in the order the child wrote it, byte for byte; elsewhere each stream stays byte-exact.

const LINES = 'i=0; while [ $i -lt 10000 ]; do i=$((i+1)); echo out$i; echo err$i >&2; done';
// partial lines: pieces of one line from both streams, a newline now and then
const PARTIAL =
  "i=0; while [ $i -lt 10000 ]; do i=$((i+1)); printf 'o%d ' $i; printf 'e%d ' $i >&2; [ $((i % 7)) -eq 0 ] && printf '\\n'; done; echo";

function script(dir: string, name: string, text: string): string {
  const file = join(dir, `${name}.sh`);
  writeFileSync(file, `${text}\n`);
  return file;
}

// The commands under test: buck2 (the simulator running the script, then exiting 0), docker (a
// command xrun reads as docker's: the model reads stderr) and a generic command with an output rule.
function commands(file: string): [string, string[], NodeJS.ProcessEnv][] {
  const sim = buck2Sim(`out:${file}:0`);
  return [
    ['buck2', ['--', 'buck2', 'build'], sim.env],
    ['docker', ['--tool', 'docker', '--', 'sh', file], {}],
    ['generic with an output rule', ['--retry-on-output', 'no such text', '--', 'sh', file], {}],
  ];
}

const env = (extra: NodeJS.ProcessEnv) => ({ ...plainEnv(), PATH: `${FIXTURES_BIN}:${process.env['PATH']}`, ...extra });
const quote = (args: readonly string[]) => args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');

function bash(line: string, extra: NodeJS.ProcessEnv = {}): void {
  execFileSync('bash', ['-c', line], { env: env(extra), stdio: 'ignore', timeout: 120_000 });
}

describe('streams: the order kept where stdout and stderr meet (built binary)', () => {
  for (const [shape, text] of [
    ['10,000 alternating lines', LINES],
    ['partial-line writes', PARTIAL],
  ] as const) {
    it(`${shape}: into one file (2>&1) and into one pipe, byte for byte as the direct run`, () => {
      const dir = tempDir();
      const file = script(dir, 'gen', text);
      bash(`sh ${file} > ${dir}/direct 2>&1`);
      const direct = readFileSync(join(dir, 'direct'));
      expect(direct.length).toBeGreaterThan(100_000);
      for (const [name, args, extra] of commands(file)) {
        bash(`"${XRUN_BIN}" ${quote(args)} > ${dir}/file 2>&1`, extra);
        expect(readFileSync(join(dir, 'file')).equals(direct), `${name}, into a file`).toBe(true);
        bash(`"${XRUN_BIN}" ${quote(args)} 2>&1 | cat > ${dir}/pipe`, extra);
        expect(readFileSync(join(dir, 'pipe')).equals(direct), `${name}, into a pipe`).toBe(true);
      }
    });
  }

  it('separate files: each stream byte-exact as the direct run', () => {
    const dir = tempDir();
    const file = script(dir, 'gen', PARTIAL);
    bash(`sh ${file} > ${dir}/out 2> ${dir}/err`);
    for (const [name, args, extra] of commands(file)) {
      bash(`"${XRUN_BIN}" ${quote(args)} > ${dir}/x-out 2> ${dir}/x-err`, extra);
      expect(readFileSync(join(dir, 'x-out')).equals(readFileSync(join(dir, 'out'))), `${name}: stdout`).toBe(true);
      expect(readFileSync(join(dir, 'x-err')).equals(readFileSync(join(dir, 'err'))), `${name}: stderr`).toBe(true);
    }
  });

  it("a terminal on one side: the file on the other gets its stream byte-exact, the terminal the other's", () => {
    const dir = tempDir();
    const file = script(dir, 'gen', LINES);
    bash(`sh ${file} > ${dir}/out 2> ${dir}/err`);
    for (const [name, args, extra] of commands(file)) {
      // stdout on a terminal (script's pty), stderr to a file; then the other way round
      bash(`script -qec ${quote([`"${XRUN_BIN}" ${quote(args)} 2> ${dir}/x-err`])} /dev/null > ${dir}/tty-out`, extra);
      expect(readFileSync(join(dir, 'x-err')).equals(readFileSync(join(dir, 'err'))), `${name}: stderr file`).toBe(
        true,
      );
      const ttyOut = readFileSync(join(dir, 'tty-out'), 'utf8').replaceAll('\r\n', '\n');
      expect(ttyOut, `${name}: stdout on the terminal`).toBe(readFileSync(join(dir, 'out'), 'utf8'));
      bash(`script -qec ${quote([`"${XRUN_BIN}" ${quote(args)} > ${dir}/x-out`])} /dev/null > ${dir}/tty-err`, extra);
      expect(readFileSync(join(dir, 'x-out')).equals(readFileSync(join(dir, 'out'))), `${name}: stdout file`).toBe(
        true,
      );
      const ttyErr = readFileSync(join(dir, 'tty-err'), 'utf8').replaceAll('\r\n', '\n');
      expect(ttyErr, `${name}: stderr on the terminal`).toBe(readFileSync(join(dir, 'err'), 'utf8'));
    }
  });

  it('one terminal for both, under an output rule: the order the child wrote', () => {
    const dir = tempDir();
    const file = script(dir, 'gen', LINES);
    bash(`script -qec ${quote([`sh ${file}`])} /dev/null > ${dir}/direct`);
    bash(`script -qec ${quote([`"${XRUN_BIN}" --retry-on-output 'no such text' -- sh ${file}`])} /dev/null > ${dir}/x`);
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe(readFileSync(join(dir, 'direct'), 'utf8'));
  });

  it('merged, the tail still classifies: buck2 under 2>&1 retries its daemon-died message after 3 MB of output', () => {
    const dir = tempDir();
    // more than the pipe and the tail hold, on both streams, before the message
    const file = script(
      dir,
      'big',
      'head -c 1500000 /dev/zero | tr "\\0" o; head -c 1500000 /dev/zero | tr "\\0" e >&2; echo',
    );
    const sim = buck2Sim(`out:${file}:daemon-died,0`);
    const r = spawnSync('bash', ['-c', `"${XRUN_BIN}" --retry-connect --delay 0 -- buck2 build 2>&1`], {
      env: env(sim.env),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status).toBe(0);
    expect(sim.invocations()).toBe(2);
    // xrun's line comes after the child's message, in the one stream
    const lines = r.stdout.split('\n');
    const message = lines.indexOf(
      'Buck daemon event bus encountered an error, the root cause (if available) is displayed above this message.',
    );
    const retry = lines.findIndex((l) => l.startsWith('xrun: buck2 exited 1 (DaemonDied'));
    expect(message).toBeGreaterThanOrEqual(0);
    expect(retry).toBeGreaterThan(message);
  });

  it('merged, an output rule reads the merged stream: stdout text retries', () => {
    const dir = tempDir();
    const count = join(dir, 'count');
    const flaky = `n=$(cat ${count} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${count}; echo err >&2; [ $n -ge 2 ] && exit 0; echo 'connection reset'; exit 1`;
    const r = spawnSync(
      'bash',
      ['-c', `"${XRUN_BIN}" --retry-on-output 'connection reset' --delay 0 -- sh -c ${quote([flaky])} 2>&1`],
      {
        env: env({}),
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    expect(readFileSync(count, 'utf8')).toBe('2\n');
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('xrun: '))).toEqual(['err', 'connection reset', 'err', '']);
  });

  it("a generic command with no output rule keeps xrun's own descriptors, merged or not", ({ skip }) => {
    skip(!HAS_PROC, 'needs /proc: the command reads the descriptors there');
    const r = spawnSync(
      'bash',
      ['-c', `"${XRUN_BIN}" -- sh -c 'readlink /proc/self/fd/1 /proc/self/fd/2 /proc/$PPID/fd/1' 2>&1 | cat`],
      {
        env: env({}),
        encoding: 'utf8',
      },
    );
    const [out, err, xruns] = r.stdout.trimEnd().split('\n');
    expect(out).toMatch(/^pipe:\[\d+\]$/);
    expect([err, xruns]).toEqual([out, out]);
  });

  it("heavy output (the worker's relay) leaves xrun's descriptors blocking, as the other processes sharing them expect", ({
    skip,
  }) => {
    skip(!HAS_PROC, "needs /proc: the command reads xrun's descriptor flags there");
    const dir = tempDir();
    // 30 MB, so that the worker takes over; then the O_NONBLOCK bit (octal 04000) of xrun's descriptors
    const probe = `head -c 30000000 /dev/zero >&2; for fd in 1 2; do awk '/^flags/ {print $2}' /proc/$PPID/fdinfo/$fd; done > ${dir}/flags`;
    for (const redirect of ['2>&1 >/dev/null', '2>&1']) {
      bash(`"${XRUN_BIN}" --tool buck2 -- sh -c ${quote([probe])} ${redirect} | cat > /dev/null`);
      const flags = readFileSync(join(dir, 'flags'), 'utf8').trim().split('\n');
      expect(flags, redirect).toHaveLength(2);
      for (const octal of flags) expect(Number.parseInt(octal, 8) & 0o4000, `${redirect}: flags ${octal}`).toBe(0);
    }
  });

  it('merged: when the reader goes away, the child sees the broken pipe (SIGPIPE) as without xrun', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${XRUN_BIN}" --tool buck2 -- sh -c 'while :; do echo yyyyyyyy; echo z >&2; done' 2>&1 | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stdout).toBe('141\n');
  });

  it('merged: does not wait for a grandchild that keeps the one pipe open', () => {
    const dir = tempDir();
    const started = Date.now();
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${XRUN_BIN}" --tool buck2 -- sh -c 'sleep 30 & echo $! > ${dir}/pid; echo done; exit 5' > ${dir}/out 2>&1`,
      ],
      {
        env: env({}),
        timeout: 60_000,
      },
    );
    process.kill(Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
    expect(r.status).toBe(5);
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("merged: all of the child's output is handed on before xrun re-raises the child's signal", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blob'), randomBytes(3_000_000));
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${XRUN_BIN}" --tool buck2 -- sh -c 'cat ${dir}/blob; cat ${dir}/blob >&2; kill -TERM $$' > ${dir}/out 2>&1; echo $?`,
      ],
      {
        env: env({}),
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe('143\n');
    const blob = readFileSync(join(dir, 'blob'));
    expect(readFileSync(join(dir, 'out')).equals(Buffer.concat([blob, blob]))).toBe(true);
  });

  it("where no FIFO can be made (no mkfifo on PATH): Node's pipes, each stream byte-exact", () => {
    const dir = tempDir();
    const noFifo = noFifoEnv(dir);
    const file = script(dir, 'gen', PARTIAL);
    bash(`sh ${file} > ${dir}/out 2> ${dir}/err`);
    bash(`"${XRUN_BIN}" --tool buck2 -- sh ${file} > ${dir}/x-out 2> ${dir}/x-err`, noFifo);
    expect(readFileSync(join(dir, 'x-out')).equals(readFileSync(join(dir, 'out')))).toBe(true);
    expect(readFileSync(join(dir, 'x-err')).equals(readFileSync(join(dir, 'err')))).toBe(true);
    if (!HAS_PROC) return;
    const r = spawnSync(XRUN_BIN, ['--tool', 'buck2', '--', 'sh', '-c', 'readlink /proc/self/fd/2 >&2'], {
      env: env(noFifo),
      encoding: 'utf8',
    });
    expect(r.stderr).toMatch(/^socket:\[\d+\]\n$/);
  });
});
