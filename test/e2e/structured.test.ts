import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/index.js';
import { xrunLines } from '../helpers/engines.js';
import { CAN_MOUNT, runXrunWithTmpfs } from '../helpers/tmpfs.js';
import { buck2Sim, FIXTURES_BIN, runXrun, tempDir } from '../helpers/xrun.js';

// --structured with the buck2 simulator, which writes its command report in buck2's format
// (test/fixtures/bin/buck2). The real bazel's build event file: test/engines/bazel.test.ts.
const REPORT_OPTION = /^--command-report-path=(.*\/xrun-structured-[^/]+\/report\.json)$/;

// the words of each simulator invocation (its log: "<n> <pid> <ppid> <start> <args>")
function invocations(log: string): string[][] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').slice(4));
}

function attemptsOf(
  reportFile: string,
): { classification: { category: string; name: string; rule: string | null }; structured?: unknown }[] {
  return JSON.parse(readFileSync(reportFile, 'utf8')).attempts;
}

describe('--structured with buck2', () => {
  it("adds --command-report-path after the subcommand, reads the report, removes its file; the report's message decides", async () => {
    const sim = buck2Sim('daemon-died,0');
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(
      [
        '--structured',
        '--retry-connect',
        '--delay',
        '0',
        '--report',
        report,
        '--',
        'buck2',
        '--isolation-dir',
        'ci',
        'build',
        '//x',
      ],
      {
        env: sim.env,
      },
    );
    expect(r.code).toBe(0);
    const calls = invocations(sim.env.BUCK2_SIM_LOG);
    expect(calls).toHaveLength(2);
    for (const words of calls) {
      expect(words.slice(0, 3)).toEqual(['--isolation-dir', 'ci', 'build']);
      expect(words[3]).toMatch(REPORT_OPTION);
      expect(words[4]).toMatch(/^--build-report=.*\/xrun-structured-[^/]+\/build-report\.json$/);
      expect(words[5]).toBe('//x');
      // each attempt's temporary directory is gone
      expect(existsSync(REPORT_OPTION.exec(words[3]!)![1]!)).toBe(false);
    }
    // a fresh file per attempt
    expect(calls[0]![3]).not.toBe(calls[1]![3]);
    const [first, second] = attemptsOf(report);
    expect(first!.classification).toMatchObject({ category: 'daemon-died', rule: 'buck2-daemon-died' });
    expect(first!.structured).toEqual({
      format: 'buck2-command-report',
      code: 1,
      name: null,
      detail: null,
      decided: true,
    });
    expect(second!.structured).toEqual({
      format: 'buck2-command-report',
      code: 0,
      name: null,
      detail: null,
      decided: true,
    });
    expect(xrunLines(r.stderr)).toHaveLength(2);
  });

  it('XRUN_STRUCTURED=1 turns it on; a malformed report is one line for the run, and the exit code decides', async () => {
    const sim = buck2Sim('3', { BUCK2_SIM_REPORT: '{"exit_code":' });
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(
      ['--retry-on', '3', '--attempts', '2', '--delay', '0', '--report', report, '--', 'buck2', 'build'],
      {
        env: { ...sim.env, XRUN_STRUCTURED: '1' },
      },
    );
    expect(r.code).toBe(3);
    const lines = xrunLines(r.stderr);
    expect(lines.filter((l) => l.includes('command report'))).toEqual([
      "xrun: buck2's command report could not be used (not JSON); classified by the exit code",
    ]);
    for (const attempt of attemptsOf(report)) {
      expect(attempt.classification).toMatchObject({ category: 'user', name: 'UserError' });
      expect(attempt).not.toHaveProperty('structured');
    }
  });

  it('without --structured nothing is added and the report has no structured field', async () => {
    const sim = buck2Sim('3');
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', report, '--', 'buck2', 'build', '//x'], { env: sim.env });
    expect(r.code).toBe(3);
    expect(invocations(sim.env.BUCK2_SIM_LOG)).toEqual([['build', '//x']]);
    expect(attemptsOf(report)[0]).not.toHaveProperty('structured');
  });

  it('a tool without a report runs unchanged', async () => {
    const r = await runXrun(['--structured', '--', 'sh', '-c', 'echo "$@"', 'sh', 'build', 'x']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('build x\n');
    expect(xrunLines(r.stderr)).toEqual([]);
  });

  it('the library: with stderr not read, the report still brings the message that decides', async () => {
    const sim = buck2Sim('daemon-died');
    const saved = { ...process.env };
    Object.assign(process.env, sim.env, { PATH: `${FIXTURES_BIN}:${process.env.PATH}` });
    try {
      const plain = await run(['buck2', 'build'], { pipeStderr: false });
      expect(plain.last.classification.category).toBe('failure');
      const structured = await run(['buck2', 'build'], { pipeStderr: false, structured: true });
      expect(structured.last.classification).toMatchObject({ category: 'daemon-died', ruleId: 'buck2-daemon-died' });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('xrun explain FILE: a tool report, read as --structured reads it', () => {
  const write = (name: string, text: string) => {
    const file = join(tempDir(), name);
    writeFileSync(file, text);
    return file;
  };

  it('a buck2 command report: its message decides, and the policy follows that', async () => {
    const file = write(
      'command_report.json',
      JSON.stringify({
        trace_id: 't',
        exit_code: 1,
        error_messages: [
          'Buck daemon event bus encountered an error, the root cause (if available) is displayed above this message.',
        ],
        finalizing_error_messages: [],
      }),
    );
    const r = await runXrun(['explain', file, '--retry-connect']);
    expect(r.code).toBe(0);
    const text = r.stdout.toString();
    const lines = text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['buck2 exit 1: DaemonDied', '  category:     daemon-died']);
    expect(lines.find((l) => l.startsWith('  policy:'))).toMatch(
      /^ {2}policy: {7}retried: --retry-connect retries exit 1 DaemonDied \(daemon-died\)/,
    );
    expect(lines.slice(-2)).toEqual(['  report:       buck2-command-report (code 1)', '']);
  });

  it('a bazel build event file: its name and failure detail', async () => {
    const file = write(
      'bep.json',
      '{"id":{"started":{}},"started":{}}\n{"id":{"buildFinished":{}},"finished":{"exitCode":{"name":"BUILD_FAILURE","code":1},"failureDetail":{"message":"genrule failed","spawn":{"code":"NON_ZERO_EXIT"}}}}\n',
    );
    const r = await runXrun(['explain', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(
      [
        'bazel exit 1: BUILD_FAILURE',
        '  category:     user',
        '  meaning:      the build failed (spawn.NON_ZERO_EXIT: genrule failed)',
        '  normalized:   3',
        '  source:       bazelbuild/bazel src/main/java/com/google/devtools/build/lib/util/ExitCode.java',
        '  subcommands:  bazel run: ProgramExit (failure)',
        '  policy:       not retried: exit 1 BUILD_FAILURE (user) is not retried by the policy',
        '  report:       bazel-bep: BUILD_FAILURE (code 1), spawn.NON_ZERO_EXIT: genrule failed',
        '',
      ].join('\n'),
    );
  });

  it('a file that is no report: one line, 125', async () => {
    const file = write('x.txt', 'hello');
    const r = await runXrun(['explain', file, '--tool', 'buck2']);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(`xrun: explain: ${file} is not a report xrun reads (not JSON)\n`);
  });
});

// Temporary directories of the tests below, removed after each.
const made: string[] = [];
const ownDir = (prefix = 'xrun-structured-test-') => {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
};
const cleanUp = () => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
};

const DAEMON_DIED =
  'Buck daemon event bus encountered an error, the root cause (if available) is displayed above this message.';

// A buck2 command report of exactly `bytes` bytes whose message would make it daemon-died, if read.
function reportOfSize(file: string, bytes: number): void {
  const head = `{"trace_id":"t","exit_code":1,"error_messages":[${JSON.stringify(DAEMON_DIED)}],"finalizing_error_messages":[],"padding":"`;
  writeFileSync(file, `${head}${'x'.repeat(bytes - head.length - 2)}"}`);
}

describe('--structured where TMPDIR cannot be used', () => {
  afterEach(cleanUp);
  const BUILD = ['--structured', '--retry-connect', '--delay', '0', '--', 'buck2', 'build', '//x'];

  it('TMPDIR=/nonexistent: the report goes to the runtime directory, read as ever; one line for the run', async () => {
    const runtime = ownDir();
    const sim = buck2Sim('daemon-died,0');
    made.push(sim.dir);
    const report = join(ownDir(), 'r.json');
    const r = await runXrun(['--report', report, ...BUILD], {
      env: { ...sim.env, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime },
    });
    expect(r.code).toBe(0);
    const calls = invocations(sim.env.BUCK2_SIM_LOG);
    expect(calls).toHaveLength(2);
    for (const words of calls)
      expect(words[1]!.startsWith(`--command-report-path=${runtime}/xrun-structured-`)).toBe(true);
    expect(attemptsOf(report)[0]!.classification).toMatchObject({ category: 'daemon-died' });
    expect(xrunLines(r.stderr).filter((l) => l.includes('temporary files'))).toEqual([
      `xrun: cannot make temporary files in "/nonexistent" (ENOENT); using ${JSON.stringify(runtime)}`,
    ]);
    expect(readdirSync(runtime)).toEqual([]);
  });

  it('no place at all: the attempts run without the option, the exit code decides, one line', async () => {
    const sim = buck2Sim('daemon-died,0');
    made.push(sim.dir);
    const r = await runXrun(BUILD, {
      env: { ...sim.env, TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: '', XRUN_CACHE_DIR: '/dev/null/cache' },
    });
    // the event-bus message on stderr still decides daemon-died: retried, then 0
    expect(r.code).toBe(0);
    expect(invocations(sim.env.BUCK2_SIM_LOG)).toEqual([
      ['build', '//x'],
      ['build', '//x'],
    ]);
    expect(xrunLines(r.stderr).filter((l) => l.includes('temporary files'))).toEqual([
      'xrun: cannot make temporary files in "/nonexistent" (ENOENT), "/dev/null/cache" (ENOTDIR); the attempt runs without --structured (classified by the exit code)',
    ]);
  });

  it.runIf(CAN_MOUNT)("a full TMPDIR (a tmpfs of the test's own): the runtime directory serves", async () => {
    const tmp = ownDir();
    const runtime = ownDir();
    const sim = buck2Sim('3');
    made.push(sim.dir);
    const r = await runXrunWithTmpfs({ [tmp]: 'full' }, ['--structured', '--', 'buck2', 'build'], {
      env: { ...sim.env, TMPDIR: tmp, XDG_RUNTIME_DIR: runtime },
    });
    expect(r.code).toBe(3);
    expect(invocations(sim.env.BUCK2_SIM_LOG)[0]![1]!.startsWith(`--command-report-path=${runtime}/`)).toBe(true);
    expect(xrunLines(r.stderr)).toEqual([
      `xrun: cannot make temporary files in ${JSON.stringify(tmp)} (ENOSPC); using ${JSON.stringify(runtime)}`,
    ]);
  });
});

describe('a report is read up to 16 MiB', () => {
  afterEach(cleanUp);
  const MiB = 1024 * 1024;

  it.each([
    [16 * MiB, 'read: its message decides (daemon-died, retried)'],
    [16 * MiB + 1, 'past the bound: not read, one line, the exit code decides'],
  ])('a command report of %i bytes: %s', async (bytes) => {
    const big = join(ownDir(), 'report.json');
    reportOfSize(big, bytes);
    const sim = buck2Sim('1,0', { BUCK2_SIM_REPORT_FILE: big });
    made.push(sim.dir);
    const report = join(ownDir(), 'r.json');
    const r = await runXrun(
      ['--structured', '--retry-connect', '--delay', '0', '--report', report, '--', 'buck2', 'build'],
      { env: sim.env },
    );
    const read = bytes <= 16 * MiB;
    expect(r.code).toBe(read ? 0 : 1);
    expect(attemptsOf(report)[0]!.classification.category).toBe(read ? 'daemon-died' : 'failure');
    expect(xrunLines(r.stderr).filter((l) => l.includes('command report'))).toEqual(
      read ? [] : ["xrun: buck2's command report could not be used (larger than 16 MiB); classified by the exit code"],
    );
  });
});

describe('xrun explain FILE: only a regular file of at most 16 MiB', () => {
  afterEach(cleanUp);

  it.each<[string, (dir: string) => string, string]>([
    [
      'a directory',
      (dir) => dir,
      'is a directory, expected a report file (an xrun --report, a build event file or a command report)',
    ],
    [
      'a FIFO (no writer: must not block)',
      (dir) => (execFileSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo')),
      'is a FIFO, expected a report file (an xrun --report, a build event file or a command report)',
    ],
    [
      'larger than 16 MiB',
      (dir) => (reportOfSize(join(dir, 'r.json'), 16 * 1024 * 1024 + 1), join(dir, 'r.json')),
      'is larger than 16 MiB, more than a report xrun reads',
    ],
    [
      'a directory with a newline in its name',
      (dir) => (mkdirSync(join(dir, 'a\nb')), join(dir, 'a\nb')),
      'is a directory, expected a report file (an xrun --report, a build event file or a command report)',
    ],
  ])('%s: one line, 125', async (_name, make, problem) => {
    const path = make(ownDir());
    const r = await runXrun(['explain', path]);
    expect(r.code).toBe(125);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.toString()).toBe(`xrun: explain: ${JSON.stringify(path)} ${problem}\n`);
  });
});
