import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCallerState, takeCallerState } from '../../../src/process/caller-state.js';
import { execArgv, keptIgnored } from '../../../src/process/exec-shim.js';
import { resolveCommand } from '../../../src/process/resolve-command.js';
import { tempDir } from '../../helpers/xrun.js';

describe('parseCallerState (what bin/xrun tells)', () => {
  it.each([
    [undefined, [], []],
    ['', [], []],
    ['closed=1 ignored=0', [1], []],
    ['closed=021 ignored=4096', [0, 1, 2], [13]],
    ['closed= ignored=4100', [], [3, 13]],
    ['closed= ignored=2147483648', [], []],
    ['closed=9 ignored=x', [], []],
  ])('%j -> closed %j, ignored %j', (value, closedFds, ignoredSignals) => expect(parseCallerState(value)).toEqual({ closedFds, ignoredSignals }));

  it('is taken out of the environment once, and kept', () => {
    const env: NodeJS.ProcessEnv = { XRUN_CALLER_STATE: 'closed=2 ignored=0', OTHER: 'x' };
    expect(takeCallerState(env)).toEqual({ closedFds: [2], ignoredSignals: [] });
    expect(env).toEqual({ OTHER: 'x' });
    expect(takeCallerState({})).toEqual({ closedFds: [2], ignoredSignals: [] });
  });
});

describe('execArgv', () => {
  const none = { closedFds: [], ignoredSignals: [], setpriv: undefined, parentDeathSignal: 'SIGTERM', env: { A: '1', B: 'x=y z' } };

  it('no shim when nothing is needed', () => expect(execArgv(['make', '-j4'], none)).toBeUndefined());

  it('setpriv alone for the parent-death signal', () => {
    expect(execArgv(['make', '-j4'], { ...none, setpriv: '/usr/bin/setpriv', parentDeathSignal: 'SIGINT' })).toEqual([
      '/usr/bin/setpriv',
      '--pdeathsig',
      'SIGINT',
      '--',
      'make',
      '-j4',
    ]);
  });

  it('sh ignores signals and closes descriptors, then env -i hands on the environment exactly', () => {
    expect(execArgv(['echo', 'hi'], { ...none, closedFds: [0, 2], ignoredSignals: [13, 25], env: { A: '1', GONE: undefined, B: 'x=y z' } })).toEqual([
      '/bin/sh',
      '-c',
      `trap '' 13 25; exec 0>&- 2>&-; exec /usr/bin/env -i -- "$@"`,
      'sh',
      'A=1',
      'B=x=y z',
      'echo',
      'hi',
    ]);
  });

  it('both, setpriv first', () => {
    expect(execArgv(['echo'], { ...none, closedFds: [1], setpriv: '/bin/setpriv' })?.slice(0, 7)).toEqual([
      '/bin/setpriv',
      '--pdeathsig',
      'SIGTERM',
      '--',
      '/bin/sh',
      '-c',
      `exec 1>&-; exec /usr/bin/env -i -- "$@"`,
    ]);
  });

  it('a command name with "=" (env would read it as a variable) gets no sh shim', () => {
    expect(execArgv(['a=b'], { ...none, closedFds: [1] })).toBeUndefined();
  });

  it("keptIgnored: the caller's ignored signals but those xrun catches", () => {
    // HUP 1, INT 2, QUIT 3, USR1 10, USR2 12, PIPE 13, TERM 15
    expect(keptIgnored([1, 2, 3, 10, 12, 13, 15], ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1'])).toEqual([12, 13]);
  });
});

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
