import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config-file.js';
import { UsageError } from '../../src/usage-error.js';

// A directory tree: root/xrun.config.json, root/a/package.json (no "xrun" key), and the working
// directory root/a/b, which holds a directory named like a config file.
function tree(): { root: string; cwd: string } {
  const root = mkdtempSync(join(tmpdir(), 'xrun-config-'));
  const cwd = join(root, 'a', 'b');
  mkdirSync(join(cwd, '.xrunrc.json'), { recursive: true });
  writeFileSync(join(root, 'xrun.config.json'), JSON.stringify({ attempts: 3 }));
  writeFileSync(join(root, 'a', 'package.json'), JSON.stringify({ name: 'x' }));
  return { root, cwd };
}

describe('the config file search', () => {
  it('walks up past directories named like config files and package.json files without "xrun"', () => {
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
    expect(() => loadConfig(cwd)).toThrow(UsageError);
    expect(() => loadConfig(cwd)).toThrow(/^\.\.\/\.\.\/xrun\.config\.json: expected JSON/);
  });

  it('finds nothing where there is nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'xrun-config-'));
    expect(loadConfig(empty)).toBeUndefined();
  });
});
