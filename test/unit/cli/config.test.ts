import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/config.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { capturedOutput } from '../../helpers/stdout.js';
import { tempDir } from '../../helpers/xrun.js';

// The row of one setting: its name, value and origin.
const row = (text: string, key: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(`${key} `))
    ?.split(/ {2,}/);

describe('xrun config (cli/config.ts)', () => {
  const output = capturedOutput();
  const home = process.cwd();
  // a directory of its own, without a config file above it (the search goes upwards from the cwd)
  const inEmptyDir = () => {
    const dir = tempDir('xrun-config-');
    process.chdir(dir);
    return dir;
  };
  afterEach(() => {
    process.chdir(home);
    vi.unstubAllEnvs();
  });

  it('no command: the generic model by default, each setting with its origin', async () => {
    inEmptyDir();
    expect(await main([])).toEqual({ kind: 'code', code: 0 });
    const text = output.stdout();
    expect(text.split('\n').slice(0, 3)).toEqual([
      'config file: none found (xrun.config.json, .xrunrc.json, package.json "xrun") from here upwards',
      'setting        value        from',
      'tool           generic      default (no command given)',
    ]);
    expect(row(text, 'attempts')).toEqual(['attempts', '1', 'default']);
    expect(text.endsWith('retried: nothing; 1 attempt in all\n')).toBe(true);
  });

  it('a command: its tool detected, its secrets redacted, the flags as origins, durations as parsed', async () => {
    inEmptyDir();
    await main(['--attempts', '3', '--delay', '2000ms', '--', 'docker', 'pull', 'x', '--password=hunter2']);
    const text = output.stdout();
    expect(text).toContain("\ncommand: docker pull x '--password=***'\n");
    expect(text).not.toContain('hunter2');
    expect(row(text, 'tool')).toEqual(['tool', 'docker', 'detected from the command']);
    expect(row(text, 'attempts')).toEqual(['attempts', '3', '--attempts']);
    expect(row(text, 'delay')).toEqual(['delay', '2s', '--delay']);
    expect(text).toMatch(/\nretried: what the docker model calls transient .*; 3 attempts in all\n$/);
  });

  it('the config file and XRUN_* variables are named as origins; a flag outranks both', async () => {
    const dir = inEmptyDir();
    writeFileSync(join(dir, 'xrun.config.json'), JSON.stringify({ attempts: 4, timeout: '90s' }));
    vi.stubEnv('XRUN_DEADLINE', '5m');
    await main(['--timeout', '1m']);
    const text = output.stdout();
    expect(text.split('\n')[0]).toBe('config file: xrun.config.json');
    expect(row(text, 'attempts')?.slice(0, 2)).toEqual(['attempts', '4']);
    expect(row(text, 'attempts')?.[2]).toContain('xrun.config.json');
    expect(row(text, 'timeout')).toEqual(['timeout', '1m', '--timeout']);
    expect(row(text, 'deadline')).toEqual(['deadline', '5m', 'XRUN_DEADLINE']);
  });

  it('a bad setting is a usage error and prints no table', async () => {
    inEmptyDir();
    await expect(main(['--attempts', 'many'])).rejects.toThrow(UsageError);
    expect(output.stdout()).toBe('');
  });
});
