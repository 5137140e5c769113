import { describe, expect, it } from 'vitest';
import { execArgv, keptIgnored } from '../../../src/process/exec-shim.js';

describe('execArgv', () => {
  const none = {
    closedFds: [],
    ignoredSignals: [],
    setpriv: undefined,
    parentDeathSignal: 'SIGTERM',
    env: { A: '1', B: 'x=y z' },
  };

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
    expect(
      execArgv(['echo', 'hi'], {
        ...none,
        closedFds: [0, 2],
        ignoredSignals: [13, 25],
        env: { A: '1', GONE: undefined, B: 'x=y z' },
      }),
    ).toEqual([
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
    expect(keptIgnored([1, 2, 3, 10, 12, 13, 15], ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1'])).toEqual([
      12, 13,
    ]);
  });
});
