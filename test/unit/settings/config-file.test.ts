import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/settings/config-file.js';
import { MAX_CONFIG_BYTES } from '../../../src/settings/config-find.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { tempDir } from '../../helpers/xrun.js';

// A directory tree: root/xrun.config.json, root/a/package.json (no "xrun" key), and the working
// directory root/a/b.
function tree(): { root: string; cwd: string } {
  const root = tempDir('xrun-config-');
  const cwd = join(root, 'a', 'b');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(root, 'xrun.config.json'), JSON.stringify({ attempts: 3 }));
  writeFileSync(join(root, 'a', 'package.json'), JSON.stringify({ name: 'x' }));
  return { root, cwd };
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('the config file search', () => {
  it('walks up past package.json files without "xrun"', () => {
    const { cwd } = tree();
    expect(loadConfig(cwd)?.base.attempts).toEqual({ value: '3', origin: '../../xrun.config.json: attempts' });
  });

  it('a package.json with an "xrun" key nearer the working directory wins', () => {
    const { root, cwd } = tree();
    writeFileSync(join(root, 'a', 'package.json'), JSON.stringify({ name: 'x', xrun: { attempts: 2 } }));
    expect(loadConfig(cwd)?.base.attempts).toEqual({ value: '2', origin: '../package.json: xrun.attempts' });
  });

  it('a broken xrun config is a usage error; a broken package.json is not its business', () => {
    const { root, cwd } = tree();
    writeFileSync(join(root, 'a', 'package.json'), '{');
    expect(loadConfig(cwd)?.base.attempts?.value).toBe('3');
    writeFileSync(join(root, 'xrun.config.json'), '{');
    expect(() => loadConfig(cwd)).toThrow(
      new UsageError('../../xrun.config.json: not valid JSON at line 1, column 2: the file ends before the JSON does'),
    );
  });

  it('finds nothing where there is nothing', () => {
    const empty = tempDir('xrun-config-');
    expect(loadConfig(empty)).toBeUndefined();
  });
});

// Each candidate that is there but is no readable regular file stops the search with one line.
describe('a config candidate that cannot be read as a regular file', () => {
  it.each<[string, string, (path: string, dir: string) => void, string]>([
    ['a directory', 'xrun.config.json', (p) => mkdirSync(p), 'is a directory, not a regular file'],
    ['a directory named .xrunrc.json', '.xrunrc.json', (p) => mkdirSync(p), 'is a directory, not a regular file'],
    [
      'a link to a directory',
      'xrun.config.json',
      (p, dir) => (mkdirSync(join(dir, 'd')), symlinkSync('d', p)),
      'is a directory, not a regular file',
    ],
    ['a link to a device', 'xrun.config.json', (p) => symlinkSync('/dev/null', p), 'is a device, not a regular file'],
    [
      'a dangling link',
      'xrun.config.json',
      (p) => symlinkSync('nowhere.json', p),
      'is a symbolic link to nothing (dangling)',
    ],
    ['a link loop', '.xrunrc.json', (p) => symlinkSync('.xrunrc.json', p), 'is a symbolic link loop'],
    [
      'a two-link loop',
      'xrun.config.json',
      (p, dir) => (symlinkSync('xrun.config.json', join(dir, 'other')), symlinkSync('other', p)),
      'is a symbolic link loop',
    ],
    [
      'larger than 1 MiB',
      'xrun.config.json',
      (p) => writeFileSync(p, `{}${' '.repeat(MAX_CONFIG_BYTES - 1)}`),
      'is larger than 1 MiB, too large for a config file',
    ],
  ])('%s: names it, relative to the working directory', (_, name, make, problem) => {
    const { root, cwd } = tree();
    make(join(root, 'a', name), join(root, 'a'));
    expect(() => loadConfig(cwd)).toThrow(new UsageError(`../${name}: ${problem}`));
  });

  it('a package.json that is a directory (it could have held an "xrun" key)', () => {
    const { cwd } = tree();
    mkdirSync(join(cwd, 'package.json'));
    expect(() => loadConfig(cwd)).toThrow(new UsageError('package.json: is a directory, not a regular file'));
  });

  it('a FIFO is never opened for a blocking read', () => {
    const { root, cwd } = tree();
    const fifo = join(root, 'a', 'xrun.config.json');
    execFileSync('mkfifo', [fifo]);
    // a writer holds it open, so a regression that reads it would not hang this test (the e2e test
    // shows that there is no wait without one)
    const writer = openSync(fifo, constants.O_RDWR);
    try {
      expect(() => loadConfig(cwd)).toThrow(new UsageError('../xrun.config.json: is a FIFO, not a regular file'));
    } finally {
      closeSync(writer);
    }
  });

  it('a socket', async () => {
    const { root, cwd } = tree();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(root, 'a', '.xrunrc.json'), resolve));
    try {
      expect(() => loadConfig(cwd)).toThrow(new UsageError('../.xrunrc.json: is a socket, not a regular file'));
    } finally {
      server.close();
    }
  });

  it.skipIf(process.getuid?.() === 0)(
    'an unreadable file (as root permission bits do not stop reads: test/e2e/usage-errors.test.ts runs xrun as another user)',
    () => {
      const { root, cwd } = tree();
      writeFileSync(join(root, 'a', 'xrun.config.json'), '{}', { mode: 0o000 });
      expect(() => loadConfig(cwd)).toThrow(new UsageError('../xrun.config.json: cannot be read (permission denied)'));
    },
  );

  it('1 MiB exactly and a link to a regular file are fine', () => {
    const { root, cwd } = tree();
    writeFileSync(join(root, 'a', 'real.json'), `{"attempts": 4}${' '.repeat(MAX_CONFIG_BYTES - 15)}`);
    symlinkSync('real.json', join(root, 'a', 'xrun.config.json'));
    expect(loadConfig(cwd)?.base.attempts).toEqual({ value: '4', origin: '../xrun.config.json: attempts' });
  });
});

describe('config file text', () => {
  it.each<[string, string, string, string]>([
    ['a byte-order mark', 'xrun.config.json', '\uFEFF{"attempts": 2}', 'ok'],
    ['a byte-order mark in package.json', 'package.json', '\uFEFF{"xrun": {"attempts": 2}}', 'ok'],
    [
      'a comment',
      'xrun.config.json',
      '// settings for CI\n{"attempts": 2}',
      "xrun.config.json: not valid JSON at line 1, column 1: found a comment ('//'), but JSON has no comments",
    ],
    [
      'a syntax error',
      '.xrunrc.json',
      '{\n  "attempts": 2,\n  "delay": 1s\n}',
      ".xrunrc.json: not valid JSON at line 3, column 13: expected ',' or '}', found 's'",
    ],
    ['33 levels', 'xrun.config.json', nested(33), 'xrun.config.json: nested deeper than 32 levels'],
    ['100k levels', 'xrun.config.json', nested(100_000), 'xrun.config.json: nested deeper than 32 levels'],
    [
      '33 levels in a profile',
      'xrun.config.json',
      `{"profiles": {"ci": {"tools": {"buck2": {"map": ${nested(28)}}}}}}`,
      'xrun.config.json: nested deeper than 32 levels',
    ],
    [
      '33 levels in package.json "xrun"',
      'package.json',
      `{"xrun": ${nested(33)}}`,
      'package.json: xrun: nested deeper than 32 levels',
    ],
  ])('%s', (_, name, text, expected) => {
    const dir = tempDir('xrun-config-');
    writeFileSync(join(dir, name), text);
    if (expected === 'ok') expect(loadConfig(dir)?.base.attempts?.value).toBe('2');
    else expect(() => loadConfig(dir)).toThrow(new UsageError(expected));
  });

  it('nesting outside package.json\'s "xrun" key is not xrun\'s business', () => {
    const dir = tempDir('xrun-config-');
    writeFileSync(join(dir, 'package.json'), `{"other": ${nested(1000)}, "xrun": {"attempts": 2}}`);
    expect(loadConfig(dir)?.base.attempts?.value).toBe('2');
  });
});
