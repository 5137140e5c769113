import { describe, expect, it } from 'vitest';
import { parseContainerRun, removeCommand, shortContainerId, withCidfile } from '../../../src/command/containers.js';

const rewrite = (argv: string[]) => {
  const run = parseContainerRun(argv);
  return run && (run.userCidfile === undefined ? withCidfile(argv, run, '/t/cid') : `user:${run.userCidfile}`);
};

describe('parseContainerRun / withCidfile', () => {
  it.each<[string[], string[] | string | undefined]>([
    [
      ['docker', 'run', 'img', 'sleep', '9'],
      ['docker', 'run', '--cidfile', '/t/cid', 'img', 'sleep', '9'],
    ],
    [
      ['/usr/bin/podman', 'run', '--pull=never', 'img'],
      ['/usr/bin/podman', 'run', '--cidfile', '/t/cid', '--pull=never', 'img'],
    ],
    [
      ['docker', 'container', 'run', '--rm', 'img'],
      ['docker', 'container', 'run', '--cidfile', '/t/cid', '--rm', 'img'],
    ],
    [
      ['env', 'DOCKER_HOST=unix:///s', 'docker', 'run', 'img'],
      ['env', 'DOCKER_HOST=unix:///s', 'docker', 'run', '--cidfile', '/t/cid', 'img'],
    ],
    [
      ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s', 'run', 'img'],
      ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s', 'run', '--cidfile', '/t/cid', 'img'],
    ],
    [
      ['podman', '--log-level', 'debug', 'run', '-it', '-e', 'A=1', 'img'],
      ['podman', '--log-level', 'debug', 'run', '--cidfile', '/t/cid', '-it', '-e', 'A=1', 'img'],
    ],
    // the user's own cidfile is used as given
    [['docker', 'run', '--cidfile', '/mine', 'img'], 'user:/mine'],
    [['docker', 'run', '-e', 'X=1', '--cidfile=/mine', 'img'], 'user:/mine'],
    // detached runs, help, other subcommands, --cidfile in the container's own arguments
    [['docker', 'run', '-d', 'img'], undefined],
    [['docker', 'run', '-dit', 'img'], undefined],
    [['podman', 'run', '--detach', 'img'], undefined],
    [['docker', 'run', '--help'], undefined],
    [['docker', 'pull', 'img'], undefined],
    [['docker', 'ps', 'run'], undefined],
    [['buck2', 'run', '//x'], undefined],
    [['env', '-S', 'docker run img'], undefined],
    [
      ['docker', 'run', '-e', 'A=1', 'img', 'prog', '-d'],
      ['docker', 'run', '--cidfile', '/t/cid', '-e', 'A=1', 'img', 'prog', '-d'],
    ],
    [
      ['docker', 'run', '--detach=false', 'img'],
      ['docker', 'run', '--cidfile', '/t/cid', '--detach=false', 'img'],
    ],
  ])('%j -> %j', (argv, expected) => {
    expect(rewrite(argv)).toEqual(expected);
  });

  it('ignores a --cidfile among the container command arguments', () => {
    expect(parseContainerRun(['docker', 'run', '--rm', 'img', 'prog', '--cidfile', 'x'])?.userCidfile).toBeUndefined();
  });
});

describe('removeCommand', () => {
  it('uses the same prefixes, tool and global options; podman gets -t 0', () => {
    const id = 'a'.repeat(64);
    expect(removeCommand(parseContainerRun(['env', 'A=1', 'podman', '--url', 'unix:///s', 'run', 'img'])!, id)).toEqual(
      ['env', 'A=1', 'podman', '--url', 'unix:///s', 'rm', '-f', '-t', '0', id],
    );
    expect(removeCommand(parseContainerRun(['docker', '--context', 'ci', 'container', 'run', 'img'])!, id)).toEqual([
      'docker',
      '--context',
      'ci',
      'rm',
      '-f',
      id,
    ]);
    expect(shortContainerId(`${'0123456789abcdef'.repeat(4)}\n`)).toBe('0123456789ab');
  });
});
