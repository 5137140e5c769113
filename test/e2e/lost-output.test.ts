import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/run/report.js';
import { noFifoEnv } from '../helpers/no-mkfifo.js';
import { FIXTURES_BIN, plainEnv, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// Where xrun relays the command's output (output rules, the tools whose stderr it reads, stdout and
// stderr merged), a write that fails on xrun's side is never success: EPIPE gives the command the broken
// pipe, as without xrun; any other error (ENOSPC here, from /dev/full or a full tmpfs) lets the command
// run on (its writes succeed, it is not killed), says one line, ends the run with the command's failure
// status or else 1, and the report records it. Each relay path: the main thread's (a little output), the
// worker's (more than 1 MiB), a failure about the hand-over, merged and separate streams, Node's pipes.

const schema = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const ROOT = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A directory of the test's, removed after it.
function dirOfTest(): string {
  const dir = tempDir();
  made.push(dir);
  return dir;
}

// plainEnv's TMPDIR is one more directory: the test's own instead
function testEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = plainEnv();
  made.push(env.TMPDIR!);
  return { ...env, TMPDIR: dir, PATH: `${FIXTURES_BIN}:${process.env['PATH']}`, ...extra };
}

const quote = (words: readonly string[]) => words.map((w) => `'${w.replaceAll("'", "'\\''")}'`).join(' ');

interface Run {
  // xrun's options (before --)
  args: string[];
  // the command's script: $D is the test's directory; it writes its own status to $D/status
  script: string;
  // where xrun's stdout and stderr go: $M is the tmpfs (when there is one)
  redirect: string;
  // a tmpfs of this size at $M, in a mount namespace of the test's own; `full`: filled first
  tmpfs?: { size: string; full?: boolean };
  env?: NodeJS.ProcessEnv;
  // ulimit -f, in KiB
  limitKiB?: number;
}

interface Ran {
  dir: string;
  status: number;
  // the command's own status, as it saw it
  commandStatus: string;
  report: Report;
  // what reached $M/out (a copy taken before the tmpfs goes away)
  out: Buffer;
  err: string;
}

function run(dir: string, { args, script, redirect, tmpfs, env, limitKiB }: Run): Ran {
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const fill = tmpfs?.full ? `(head -c 100000000 /dev/zero > ${mnt}/fill) 2>/dev/null; ` : '';
  const limit = limitKiB === undefined ? '' : `ulimit -f ${limitKiB}; `;
  const xrun = `${limit}"${XRUN_BIN}" --report ${dir}/r.json ${quote(args)} -- sh -c ${quote([script.replaceAll('$D', dir)])} ${redirect.replaceAll('$M', mnt).replaceAll('$D', dir)}`;
  // xrun's status, also where it writes into a pipeline
  const line = `${fill}(${xrun}; echo \${PIPESTATUS[0]} > ${dir}/xrun-status); cp ${mnt}/out ${dir}/out-copy 2>/dev/null; true`;
  const r = tmpfs
    ? spawnSync('unshare', ['-m', 'bash', '-c', `mount -t tmpfs -o size=${tmpfs.size} tmpfs ${mnt} && { ${line}; }`], {
        env: testEnv(dir, env),
        timeout: 120_000,
      })
    : spawnSync('bash', ['-c', line], { env: testEnv(dir, env), timeout: 120_000 });
  expect(r.status, r.stderr.toString()).toBe(0);
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name)) : Buffer.alloc(0));
  const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
  return {
    dir,
    status: Number(read('xrun-status').toString()),
    commandStatus: read('status').toString().trim(),
    report,
    out: read('out-copy'),
    err: read('err').toString(),
  };
}

function blob(dir: string, name: string, bytes: number): Buffer {
  const data = randomBytes(bytes);
  writeFileSync(join(dir, name), data);
  return data;
}

const ENOSPC = { errno: 'ENOSPC', message: 'no space left on device' };
const lostLine = (what: string) =>
  `xrun: writing the command's ${what} failed: ENOSPC (no space left on device); the rest of it was discarded\n`;

// The command succeeded and was neither blocked nor killed; xrun says so, ends 1 and records it.
function expectLost(ran: Ran, errors: { stream: string }[]): void {
  expect(ran.commandStatus).toBe('0');
  expect(ran.status).toBe(1);
  expect(ran.report.exit).toEqual({ rawCode: 0, code: 1, signal: null });
  expect(ran.report.attempts).toHaveLength(1);
  expect(ran.report.attempts[0]!.outputErrors).toEqual(errors.map((e) => ({ ...e, ...ENOSPC })));
  expect(ran.report.attempts[0]!.decision.stop).toBe('output-lost');
  expect(ran.report.flaky).toBe(false);
  expectValid(ran.report);
}

// checked after the statuses, so that a run that lost output shows that first
function expectValid(report: Report): void {
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
}

const OUTPUT_RULE = ['--retry-on-output', 'no such text'];

describe('a failed write of relayed output is never success (built binary)', () => {
  it('stdout, the main thread, /dev/full: the line, exit 1, the command unharmed (direct: 1)', () => {
    const dir = dirOfTest();
    blob(dir, 'small', 200_000);
    const ran = run(dir, {
      args: OUTPUT_RULE,
      script: 'cat $D/small; echo $? > $D/status',
      redirect: '> /dev/full 2> $D/err',
    });
    expectLost(ran, [{ stream: 'stdout' }]);
    expect(ran.err).toBe(lostLine('stdout'));
  });

  it('stderr (a tool whose stderr xrun reads), /dev/full: exit 1, the report says it', () => {
    const dir = dirOfTest();
    blob(dir, 'small', 200_000);
    const ran = run(dir, {
      args: ['--tool', 'docker'],
      script: 'cat $D/small >&2; echo $? > $D/status',
      redirect: '2> /dev/full',
    });
    expectLost(ran, [{ stream: 'stderr' }]);
  });

  it('merged (2>&1), /dev/full: exit 1, the report names the merged stream', () => {
    const dir = dirOfTest();
    blob(dir, 'small', 200_000);
    const ran = run(dir, {
      args: ['--tool', 'buck2'],
      script: 'cat $D/small; cat $D/small >&2; echo $? > $D/status',
      redirect: '> /dev/full 2>&1',
    });
    expectLost(ran, [{ stream: 'merged' }]);
  });

  it("the command's own failure status stays, and a retry it asked for is not made", () => {
    const dir = dirOfTest();
    blob(dir, 'small', 200_000);
    const script = 'echo x >> $D/count; cat $D/small; echo $? > $D/status; exit 3';
    const ran = run(dir, {
      args: [...OUTPUT_RULE, '--retry-on', '3', '--attempts', '3', '--delay', '0'],
      script,
      redirect: '> /dev/full 2> $D/err',
    });
    expect(ran.status).toBe(3);
    expect(readFileSync(join(dir, 'count'), 'utf8')).toBe('x\n');
    expect(ran.err).toBe(lostLine('stdout'));
    expect(ran.report.attempts.map((a) => a.decision.stop)).toEqual(['output-lost']);
    expect(ran.report.exit.code).toBe(3);
  });

  it('past the file size limit (ulimit -f): EFBIG, not xrun killed by SIGXFSZ; the command runs on', () => {
    const dir = dirOfTest();
    const data = blob(dir, 'big', 3_000_000);
    // xrun's limit (its relay writes the file); the command writes to xrun's pipe
    const ran = run(dir, {
      args: OUTPUT_RULE,
      script: 'cat $D/big; echo $? > $D/status',
      redirect: '> $D/out 2> $D/err',
      limitKiB: 100,
    });
    expect(ran.commandStatus).toBe('0');
    expect(ran.status).toBe(1);
    expect(ran.err).toBe(
      "xrun: writing the command's stdout failed: EFBIG (file too large); the rest of it was discarded\n",
    );
    expect(ran.report.attempts[0]!.outputErrors).toEqual([
      { stream: 'stdout', errno: 'EFBIG', message: 'file too large' },
    ]);
    const out = readFileSync(join(dir, 'out'));
    expect(out.length).toBe(100 * 1024);
    expect(out.equals(data.subarray(0, out.length))).toBe(true);
  });

  it('--quiet: the line is still said (it alone tells why xrun ends 1)', () => {
    const dir = dirOfTest();
    const ran = run(dir, {
      args: ['--quiet', ...OUTPUT_RULE],
      script: 'echo hi; echo $? > $D/status',
      redirect: '> /dev/full 2> $D/err',
    });
    expectLost(ran, [{ stream: 'stdout' }]);
    expect(ran.err).toBe(lostLine('stdout'));
  });

  it("where no FIFO can be made (Node's pipes): the same", () => {
    const dir = dirOfTest();
    const noFifo = noFifoEnv(dir);
    blob(dir, 'small', 200_000);
    const script = 'cat $D/small; cat $D/small >&2; echo $? > $D/status';
    const ran = run(dir, { args: OUTPUT_RULE, script, redirect: '> /dev/full 2> $D/err', env: noFifo });
    expectLost(ran, [{ stream: 'stdout' }]);
    expect(ran.err.endsWith(lostLine('stdout'))).toBe(true);
    expect(
      readFileSync(join(dir, 'err'))
        .subarray(0, 200_000)
        .equals(readFileSync(join(dir, 'small'))),
    ).toBe(true);
  });
});

describe('a full tmpfs (a mount namespace of its own)', () => {
  it.skipIf(!ROOT)('stdout, the main thread, a tmpfs full from the start: nothing written, the line, exit 1', () => {
    const dir = dirOfTest();
    blob(dir, 'small', 200_000);
    const ran = run(dir, {
      args: OUTPUT_RULE,
      script: 'cat $D/small; echo $? > $D/status',
      redirect: '> $M/out 2> $D/err',
      tmpfs: { size: '16k', full: true },
    });
    expectLost(ran, [{ stream: 'stdout' }]);
    expect(ran.out.length).toBe(0);
    expect(ran.err).toBe(lostLine('stdout'));
  });

  for (const [path, size] of [
    ['the worker (the disk fills after 3 MiB)', '4m'],
    ['about the hand-over (the disk fills just past 1 MiB)', '1088k'],
  ] as const)
    it.skipIf(!ROOT)(`stdout, ${path}: what fitted is the output's exact start, the command unharmed, exit 1`, () => {
      const dir = dirOfTest();
      const data = blob(dir, 'big', 8_000_000);
      // the command lives on a little after its output, so that the worker gets ready while it runs
      const ran = run(dir, {
        args: OUTPUT_RULE,
        script: 'cat $D/big; echo $? > $D/status; sleep 1',
        redirect: '> $M/out 2> $D/err',
        tmpfs: { size },
      });
      expectLost(ran, [{ stream: 'stdout' }]);
      expect(ran.err).toBe(lostLine('stdout'));
      expect(ran.out.length).toBeGreaterThan(1 << 20);
      expect(ran.out.length).toBeLessThan(data.length);
      expect(ran.out.equals(data.subarray(0, ran.out.length))).toBe(true);
    });

  it.skipIf(!ROOT)('merged, the worker: the exact start of both streams in order, exit 1', () => {
    const dir = dirOfTest();
    const data = blob(dir, 'big', 3_000_000);
    const ran = run(dir, {
      args: ['--tool', 'buck2'],
      script: 'cat $D/big; cat $D/big >&2; echo $? > $D/status',
      redirect: '> $M/out 2>&1',
      tmpfs: { size: '4m' },
    });
    expectLost(ran, [{ stream: 'merged' }]);
    const both = Buffer.concat([data, data]);
    expect(ran.out.length).toBeGreaterThan(3_000_000);
    expect(ran.out.equals(both.subarray(0, ran.out.length))).toBe(true);
  });

  it.skipIf(!ROOT)(
    "separate, both streams read and both failing (/dev/full, the tmpfs): each recorded, stdout's first",
    () => {
      const dir = dirOfTest();
      blob(dir, 'small', 200_000);
      const script = 'cat $D/small; cat $D/small >&2; echo $? > $D/status';
      const ran = run(dir, {
        args: OUTPUT_RULE,
        script,
        redirect: '> /dev/full 2> $M/out',
        tmpfs: { size: '16k', full: true },
      });
      expectLost(ran, [{ stream: 'stdout' }, { stream: 'stderr' }]);
    },
  );

  it.skipIf(!ROOT)('stderr on the full tmpfs, stdout fine: only stderr recorded, stdout whole', () => {
    const dir = dirOfTest();
    const data = blob(dir, 'small', 200_000);
    const script = 'cat $D/small; cat $D/small >&2; echo $? > $D/status';
    const ran = run(dir, {
      args: OUTPUT_RULE,
      script,
      redirect: '> $D/stdout 2> $M/out',
      tmpfs: { size: '16k', full: true },
    });
    expectLost(ran, [{ stream: 'stderr' }]);
    expect(readFileSync(join(dir, 'stdout')).equals(data)).toBe(true);
  });
});

describe('a closed pipe: EPIPE reaches the command as without xrun', () => {
  // the command writes until a write fails; its status then is SIGPIPE's, as when it writes to the pipe itself
  const endless = 'while :; do cat $D/small || { echo $? > $D/status; exit 0; }; done';
  for (const [path, args, redirect] of [
    ['stdout, the main thread', OUTPUT_RULE, '2> $D/err | head -c 10 > /dev/null'],
    ['stdout, the worker', OUTPUT_RULE, '2> $D/err | head -c 3000000 > /dev/null'],
    ['stderr', ['--tool', 'docker'], '2>&1 > /dev/null | head -c 10 > /dev/null'],
    ['merged', ['--tool', 'buck2'], '2>&1 | head -c 10 > /dev/null'],
  ] as const)
    it(`${path}: the command is killed by SIGPIPE, no line, the run ends as the command did`, () => {
      const dir = dirOfTest();
      blob(dir, 'small', 100_000);
      const script = path === 'stderr' ? endless.replace('cat $D/small', 'cat $D/small >&2') : endless;
      const ran = run(dir, { args: [...args], script, redirect });
      expect(ran.commandStatus).toBe('141');
      expect(ran.status).toBe(0);
      expect(ran.err).toBe('');
      const stream = path.split(',')[0];
      expect(ran.report.attempts[0]!.outputErrors).toEqual([{ stream, errno: 'EPIPE', message: 'broken pipe' }]);
      expect(ran.report.attempts[0]!.decision.stop).toBe('success');
      expectValid(ran.report);
    });
});

describe("xrun's own stdout (a subcommand's text, --help): lost is not success, as for cat", () => {
  for (const args of [['explain', '1'], ['codes'], ['config'], ['--help'], ['--version']])
    it(`xrun ${args.join(' ')} > /dev/full: one line, exit 1; into a pipe closed early: exit 0, no line`, () => {
      const dir = dirOfTest();
      const devFull = openSync('/dev/full', 'w');
      const full = spawnSync(XRUN_BIN, args, { env: testEnv(dir), stdio: ['ignore', devFull, 'pipe'] });
      closeSync(devFull);
      expect(full.stderr.toString()).toBe('xrun: writing stdout failed: ENOSPC (no space left on device)\n');
      expect(full.status).toBe(1);
      const piped = spawnSync(
        'bash',
        ['-c', `"${XRUN_BIN}" ${quote(args)} | head -c 1 > /dev/null; echo \${PIPESTATUS[0]}`],
        { env: testEnv(dir) },
      );
      expect(piped.stdout.toString()).toBe('0\n');
      expect(piped.stderr.toString()).toBe('');
    });
});
