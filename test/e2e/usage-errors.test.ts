import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/settings/table.js';
import { ownTempDirs } from '../helpers/own-dirs.js';
import { CAN_MOUNT, runXrunWithTmpfs, type Tmpfs } from '../helpers/tmpfs.js';
import { plainEnv, runXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

// The usage-error contract, end to end: exit 125, stderr exactly one line `xrun: ...`, and the
// marker command was never started.
function expectUsageError(
  r: { code: number | null; stderr: Buffer; stdout: Buffer },
  dir: string,
  message?: string | RegExp,
): void {
  const stderr = r.stderr.toString();
  expect(stderr).toMatch(/^xrun: [^\n]*\n$/);
  if (typeof message === 'string') expect(stderr).toBe(`xrun: ${message}\n`);
  else if (message) expect(stderr).toMatch(message);
  expect(r.code).toBe(125);
  expect(r.stdout.length).toBe(0);
  expect(existsSync(join(dir, 'MARKER'))).toBe(false);
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('flags: every commander error is one line', () => {
  it.each([
    [['--retry-busy=1', '--', 'touch', 'MARKER'], "--retry-busy: takes no value, got '--retry-busy=1'"],
    [['--no-queue=0', 'touch', 'MARKER'], "--no-queue: takes no value, got '--no-queue=0'"],
    [['--retry-bussy', '--', 'touch', 'MARKER'], "unknown option '--retry-bussy' (Did you mean --retry-busy?)"],
    [
      ['--retry', 'touch', 'MARKER'],
      "unknown option '--retry' (Did you mean one of --on-retry, --report, --retry-on?)",
    ],
    [
      ['-q1', '--', 'touch', 'MARKER'],
      '-q1: -q takes no value and combines with no other flag (give each flag on its own)',
    ],
    [['-q1', 'touch', 'MARKER'], '-q1: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-qV', 'touch', 'MARKER'], '-qV: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['-Vq', 'touch', 'MARKER'], '-Vq: -V takes no value and combines with no other flag (give each flag on its own)'],
    [['-hq', 'touch', 'MARKER'], '-hq: -h takes no value and combines with no other flag (give each flag on its own)'],
    [['-qh', 'touch', 'MARKER'], '-qh: -q takes no value and combines with no other flag (give each flag on its own)'],
    [['--attempts', '1\n2', '--', 'touch', 'MARKER'], "--attempts: expected a whole number of at least 1, got '1\\n2'"],
    [['config', '--quiet=yes', '--', 'touch', 'MARKER'], "config: --quiet: takes no value, got '--quiet=yes'"],
    [
      ['explain', '4', '-q1'],
      'explain: -q1: -q takes no value and combines with no other flag (give each flag on its own)',
    ],
  ])('%j', async (args, message) => {
    const dir = tempDir();
    expectUsageError(await runXrun(args, { cwd: dir }), dir, message);
  });

  // every option that takes a value, from the settings table: `--` or another option is a forgotten value
  it.each(
    SETTINGS.filter((row) => 'value' in row.flag).flatMap((row) =>
      ['--', '-q', '--attempts'].map((next) => [row.flag.long, next]),
    ),
  )('%s %s: a forgotten value, nothing started', async (option, next) => {
    const dir = tempDir();
    expectUsageError(
      await runXrun([option, next, '--', 'touch', 'MARKER'], { cwd: dir }),
      dir,
      `${option}: needs a value, got '${next}' (an option, not a value)`,
    );
  });

  it("a glued flag after `--` or inside the command is the command's", async () => {
    const dir = tempDir();
    const r = await runXrun(['-q', '--', 'sh', '-c', 'touch MARKER; echo "$1"', 'sh', '-q1'], { cwd: dir });
    expect(r.stdout.toString()).toBe('-q1\n');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'MARKER'))).toBe(true);
  });
});

describe('profile names are data', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])(
    '--profile %s: the unknown-profile error',
    async (name) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'xrun.config.json'), JSON.stringify({ profiles: { ci: {} } }));
      expectUsageError(
        await runXrun(['--profile', name, '--', 'touch', 'MARKER'], { cwd: dir }),
        dir,
        `--profile: unknown profile '${name}' (xrun.config.json defines ci)`,
      );
    },
  );

  it('a key named __proto__ is an unknown key; a profile named constructor is a profile', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'xrun.config.json'), '{"__proto__": {"attempts": 3}}');
    expectUsageError(
      await runXrun(['--', 'touch', 'MARKER'], { cwd: dir }),
      dir,
      /^xrun: xrun\.config\.json: __proto__: unknown key \(expected one of /,
    );
    writeFileSync(join(dir, 'xrun.config.json'), '{"profiles": {"constructor": {"attempts": 3}}}');
    const r = await runXrun(['config', '--profile', 'constructor'], { cwd: dir });
    expect(r.stdout.toString()).toMatch(/^attempts +3 +xrun\.config\.json: profiles\.constructor\.attempts$/m);
    expect(r.code).toBe(0);
  });
});

describe('config files: one line naming the file, nothing skipped in silence', () => {
  // The bad candidate lies one directory up (its name shows relative to the working directory), a
  // valid config one more up: skipping the bad one would run the marker.
  it.each<[string, string, (path: string, dir: string) => void, string]>([
    ['a directory', 'xrun.config.json', (p) => mkdirSync(p), '../xrun.config.json: is a directory, not a regular file'],
    [
      'a FIFO (no writer: must not block)',
      '.xrunrc.json',
      (p) => spawnSync('mkfifo', [p]),
      '../.xrunrc.json: is a FIFO, not a regular file',
    ],
    [
      'a dangling link',
      'xrun.config.json',
      (p) => symlinkSync('gone.json', p),
      '../xrun.config.json: is a symbolic link to nothing (dangling)',
    ],
    [
      'a link loop',
      'xrun.config.json',
      (p) => symlinkSync('xrun.config.json', p),
      '../xrun.config.json: is a symbolic link loop',
    ],
    [
      'larger than 1 MiB',
      'xrun.config.json',
      (p) => writeFileSync(p, `{}${' '.repeat(1024 * 1024)}`),
      '../xrun.config.json: is larger than 1 MiB, too large for a config file',
    ],
    [
      'a comment',
      'xrun.config.json',
      (p) => writeFileSync(p, '// CI\n{"attempts": 2}'),
      "../xrun.config.json: not valid JSON at line 1, column 1: found a comment ('//'), but JSON has no comments",
    ],
    [
      'a syntax error',
      '.xrunrc.json',
      (p) => writeFileSync(p, '{\n  "attempts": 2\n  "delay": "1s"\n}'),
      "../.xrunrc.json: not valid JSON at line 3, column 3: expected ',' or '}', found '\"'",
    ],
    [
      '100k levels deep',
      'xrun.config.json',
      (p) => writeFileSync(p, nested(100_000)),
      '../xrun.config.json: nested deeper than 32 levels',
    ],
    [
      '33 levels deep',
      'xrun.config.json',
      (p) => writeFileSync(p, `{"map": ${nested(32)}}`),
      '../xrun.config.json: nested deeper than 32 levels',
    ],
  ])('%s', async (_, name, make, message) => {
    const root = tempDir();
    const parent = join(root, 'parent');
    const cwd = join(parent, 'cwd');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(root, 'xrun.config.json'), '{}');
    make(join(parent, name), parent);
    expectUsageError(await runXrun(['--', 'touch', 'MARKER'], { cwd }), cwd, message);
  });

  it('a byte-order mark is accepted', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'xrun.config.json'), '\uFEFF{"attempts": 2}');
    const r = await runXrun(['config'], { cwd: dir });
    expect(r.stdout.toString()).toMatch(/^attempts +2 +xrun\.config\.json: attempts$/m);
    expect(r.code).toBe(0);
  });

  it('a package.json without "xrun" is still skipped', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'xrun.config.json'), '{"attempts": 2}');
    writeFileSync(join(root, 'sub', 'package.json'), `{"name": "x", "deep": ${nested(1000)}}`);
    const r = await runXrun(['config'], { cwd: join(root, 'sub') });
    expect(r.stdout.toString()).toMatch(/^attempts +2 +\.\.\/xrun\.config\.json: attempts$/m);
  });

  // As root, permission bits do not stop a read: then xrun runs as nobody (setpriv).
  const asRoot = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(asRoot && !setpriv)(
    'an unreadable file (as root: xrun runs as uid 65534 through setpriv; skipped without setpriv)',
    () => {
      const dir = tempDir();
      chmodSync(dir, 0o777); // nobody may enter and would be able to touch MARKER
      writeFileSync(join(dir, 'xrun.config.json'), '{}', { mode: 0o600 });
      const argv = [XRUN_BIN, '--', 'touch', 'MARKER'];
      const wrapped = asRoot
        ? (['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...argv]] as const)
        : ([argv[0]!, argv.slice(1)] as const);
      if (!asRoot) chmodSync(join(dir, 'xrun.config.json'), 0o000);
      const r = spawnSync(wrapped[0], wrapped[1], { cwd: dir, env: { ...plainEnv(), TMPDIR: dir }, timeout: 60_000 });
      expectUsageError(
        { code: r.status, stderr: r.stderr, stdout: r.stdout },
        dir,
        'xrun.config.json: cannot be read (permission denied)',
      );
    },
  );

  it.skipIf(!asRoot || !setpriv)(
    'a working directory whose parent xrun may not search (as root: xrun runs as uid 65534 through setpriv)',
    () => {
      const parent = tempDir(); // 0700, root's: nobody may not search it
      const cwd = join(parent, 'cwd');
      mkdirSync(cwd, { mode: 0o777 });
      chmodSync(cwd, 0o777);
      // spawn enters cwd as root, then setpriv drops to nobody, who cannot look into parent
      const r = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', XRUN_BIN, '--', 'touch', 'MARKER'],
        {
          cwd,
          env: { ...plainEnv(), TMPDIR: cwd },
          timeout: 60_000,
        },
      );
      expectUsageError(
        { code: r.status, stderr: r.stderr, stdout: r.stdout },
        cwd,
        'xrun.config.json: cannot be looked for (permission denied on its directory)',
      );
    },
  );
});

// Section 5 of issue 23: what can be checked before the command starts is, and refused in one line.
describe('checked before anything starts', () => {
  const ownDir = ownTempDirs('xrun-usage-test-');
  const TOUCH = ['--', 'touch', 'MARKER'];

  it.each<[string, (dir: string) => string, (dir: string) => string]>([
    ['a directory', () => '.', () => '--report: cannot write ".": it is a directory'],
    [
      'a missing directory',
      () => 'out/r.json',
      () => '--report: cannot write "out/r.json": its directory "out" does not exist',
    ],
    [
      'a file as its directory',
      (dir) => (writeFileSync(join(dir, 'f'), ''), 'f/r.json'),
      () => '--report: cannot write "f/r.json": a part of its path is not a directory (ENOTDIR)',
    ],
    [
      'a newline in the path',
      () => 'a\nb/r.json',
      () => '--report: cannot write "a\\nb/r.json": its directory "a\\nb" does not exist',
    ],
  ])('--report to %s: 125, one line, the command never ran', async (_name, path, message) => {
    const dir = ownDir();
    expectUsageError(await runXrun(['--report', path(dir), ...TOUCH], { cwd: dir }), dir, message(dir));
  });

  it('XRUN_REPORT and the config key are named as the origin', async () => {
    const dir = ownDir();
    expectUsageError(
      await runXrun(TOUCH, { cwd: dir, env: { XRUN_REPORT: '.' } }),
      dir,
      'XRUN_REPORT: cannot write ".": it is a directory',
    );
    writeFileSync(join(dir, 'xrun.config.json'), '{"report": "no/r.json"}');
    expectUsageError(
      await runXrun(TOUCH, { cwd: dir }),
      dir,
      'xrun.config.json: report: cannot write "no/r.json": its directory "no" does not exist',
    );
  });

  it('a report that can be written is, and the check leaves nothing behind', async () => {
    const dir = ownDir();
    mkdirSync(join(dir, 'out'));
    const r = await runXrun(['--report', 'out/r.json', ...TOUCH], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'MARKER'))).toBe(true);
    expect(readdirSync(join(dir, 'out'))).toEqual(['r.json']);
  });

  it.runIf(CAN_MOUNT).each<[Tmpfs, string]>([
    ['read-only', 'EROFS'],
    ['full', 'ENOSPC'],
  ])("--report into a %s directory (a tmpfs of the test's own): 125, one line, nothing ran", async (kind, code) => {
    const dir = ownDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const r = await runXrunWithTmpfs({ [out]: kind }, ['--report', 'out/r.json', ...TOUCH], { cwd: dir });
    expectUsageError(r, dir, `--report: cannot write "out/r.json": no file can be made in "out" (${code})`);
  });

  it.each<[string, string[], NodeJS.ProcessEnv, string]>([
    ['--rules 5,000 deep', ['--rules', nested(5_000)], {}, '--rules: nested deeper than 32 levels'],
    [
      'XRUN_RULES 10,000 deep',
      [],
      { XRUN_RULES: `[{"when": {"output": ${nested(10_000)}}, "then": "retry"}]` },
      'XRUN_RULES: nested deeper than 32 levels',
    ],
    [
      '--attempts 1e20',
      ['--attempts', '99999999999999999999'],
      {},
      "--attempts: '99999999999999999999' is too many (at most 1000000)",
    ],
    [
      'XRUN_ATTEMPTS one past',
      [],
      { XRUN_ATTEMPTS: '1000001' },
      "XRUN_ATTEMPTS: '1000001' is too many (at most 1000000)",
    ],
    ['--stdin-buffer 1000g', ['--stdin-buffer', '1000g'], {}, "--stdin-buffer: '1000g' is too large (at most 64GiB)"],
    ['--timeout 1e400', ['--timeout', '1e400'], {}, "--timeout: '1e400' is too long (at most 104249991d)"],
  ])('%s: one line, 125, nothing ran', async (_name, args, env, message) => {
    const dir = ownDir();
    expectUsageError(await runXrun([...args, ...TOUCH], { cwd: dir, env }), dir, message);
  });

  it('a config number past its bound too (1e20 in JSON)', async () => {
    const dir = ownDir();
    writeFileSync(join(dir, 'xrun.config.json'), '{"attempts": 1e20}');
    expectUsageError(
      await runXrun(TOUCH, { cwd: dir }),
      dir,
      "xrun.config.json: attempts: '100000000000000000000' is too many (at most 1000000)",
    );
  });
});

describe('a flag given twice: the last one wins', () => {
  it('--attempts, --delay, --report, --tool: the last; --retry-on-output: both patterns', async () => {
    const dir = tempDir('xrun-usage-test-');
    try {
      const count = join(dir, 'count');
      const r = await runXrun(
        [
          '--retry-on',
          '1',
          '--attempts',
          '5',
          '--attempts',
          '3',
          '--delay',
          '1h',
          '--delay',
          '1ms',
          '--report',
          'a.json',
          '--report',
          'b.json',
          '--',
          'sh',
          '-c',
          `echo x >> ${count}; exit 1`,
        ],
        { cwd: dir },
      );
      expect(r.code).toBe(1);
      expect(readFileSync(count, 'utf8')).toBe('x\nx\nx\n');
      expect(existsSync(join(dir, 'a.json'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).maxAttempts).toBe(3);
      const config = await runXrun(
        ['config', '--tool', 'bazel', '--tool', 'buck2', '--attempts', '2', '--attempts', '4'],
        { cwd: dir },
      );
      expect(config.stdout.toString()).toMatch(/^tool +buck2 +--tool$/m);
      expect(config.stdout.toString()).toMatch(/^attempts +4 +--attempts$/m);
      // repeatable: each pattern counts
      const both = await runXrun([
        '--retry-on-output',
        'first',
        '--retry-on-output',
        'second',
        '--attempts',
        '2',
        '--delay',
        '1ms',
        '--',
        'sh',
        '-c',
        'echo second; exit 1',
      ]);
      expect(xrunLinesOf(both.stderr)[0]).toMatch(/^xrun: sh exited 1 .*attempt 2 of 2/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const xrunLinesOf = (stderr: Buffer) =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
