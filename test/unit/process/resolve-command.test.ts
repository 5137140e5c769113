import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../../../src/process/resolve-command.js';
import { tempDir } from '../../helpers/xrun.js';

describe('resolveCommand (as execvp searches PATH)', () => {
  const dir = tempDir('xrun-resolve-');
  const [a, b, c] = ['a', 'b', 'c'].map((d) => join(dir, d)) as [string, string, string];
  for (const d of [a, b, c]) mkdirSync(d);
  const file = (path: string, mode: number) => {
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
  };
  file(join(a, 'tool'), 0o644);
  file(join(b, 'tool'), 0o755);
  file(join(a, 'plain'), 0o644);
  mkdirSync(join(c, 'dir'));

  it.each([
    ['tool', `${a}:${b}`, { path: join(b, 'tool') }],
    ['plain', `${a}:${b}`, { errno: 'EACCES' }],
    ['dir', c, { errno: 'EACCES' }],
    ['missing', `${a}:${b}:/nonexistent`, { errno: 'ENOENT' }],
    ['tool', `${join(a, 'plain')}:${b}`, { path: join(b, 'tool') }],
    [join(b, 'tool'), '', { path: join(b, 'tool') }],
    [join(a, 'tool'), '', { errno: 'EACCES' }],
    [join(a, 'nothing'), '', { errno: 'ENOENT' }],
    [`${join(a, 'plain')}/x`, '', { errno: 'ENOTDIR' }],
    ['', b, { errno: 'ENOENT' }],
  ])('%s in %s -> %j', (name, path, expected) => expect(resolveCommand(name, path)).toEqual(expected));

  it('an empty PATH entry is the current directory; no PATH is /bin:/usr/bin', () => {
    expect(resolveCommand('sh', undefined)).toEqual({ path: '/bin/sh' });
    const cwd = process.cwd();
    process.chdir(b);
    try {
      expect(resolveCommand('tool', `/nonexistent::${a}`)).toEqual({ path: './tool' });
    } finally {
      process.chdir(cwd);
    }
  });
});
