import { describe, expect, it } from 'vitest';
import { type ContainerRun, type ContainerTool, containerRunOf } from '../../../src/command/container-run.js';

describe('containerRunOf: what a run says of its container', () => {
  // the tool, the whole command line, the index of the subcommand in it (past prefixes and global options)
  it.each<[ContainerTool, string[], number, ContainerRun | undefined]>([
    [
      'docker',
      ['docker', 'run', 'img', 'sleep', '9'],
      1,
      { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: true, rm: false, image: 'img' },
    ],
    [
      'docker',
      ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s', 'container', 'run', '--rm', '-it', 'img'],
      6,
      {
        tool: 'docker',
        toolArgv: ['sudo', '-u', 'ci', 'docker', '-H', 'unix:///s'],
        runIndex: 7,
        attached: true,
        rm: true,
        image: 'img',
      },
    ],
    [
      'podman',
      ['podman', 'run', '--cidfile=/c', '-e', 'A=1', '--rm=false', '--', 'img'],
      1,
      { tool: 'podman', toolArgv: ['podman'], runIndex: 1, attached: true, rm: false, userCidfile: '/c', image: 'img' },
    ],
    [
      'podman',
      ['podman', 'run', '--cidfile', '/c', '-dit', 'img'],
      1,
      {
        tool: 'podman',
        toolArgv: ['podman'],
        runIndex: 1,
        attached: false,
        rm: false,
        userCidfile: '/c',
        image: 'img',
      },
    ],
    [
      'docker',
      ['docker', 'run', '--detach', '--rm', 'img'],
      1,
      { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: false, rm: true, image: 'img' },
    ],
    [
      'docker',
      ['docker', 'run', '-e', 'A'],
      1,
      { tool: 'docker', toolArgv: ['docker'], runIndex: 1, attached: true, rm: false },
    ],
    ['docker', ['docker', 'run', '--help'], 1, undefined],
    ['docker', ['docker', 'exec', 'c', 'run'], 1, undefined],
    ['docker', ['docker', 'container', 'ls'], 1, undefined],
  ])('%s %j (subcommand at %i) -> %j', (tool, argv, subcommandIndex, run) => {
    expect(containerRunOf(tool, argv, subcommandIndex)).toEqual(run);
  });
});

describe("containerRunOf: reading run's options up to the image", () => {
  const read = (...options: string[]) => {
    const run = containerRunOf('docker', ['docker', 'run', ...options], 1);
    return run && { attached: run.attached, rm: run.rm, image: run.image, userCidfile: run.userCidfile };
  };

  it.each<[string[], { attached: boolean; rm: boolean; image: string | undefined; userCidfile: string | undefined }]>([
    // a value option takes the next word; a flag takes none
    [['--name', 'web', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['--init', '--privileged', 'img', 'sh'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['--rm=true', 'img'], { attached: true, rm: true, image: 'img', userCidfile: undefined }],
    [['--detach=false', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['--detach=true', 'img'], { attached: false, rm: false, image: 'img', userCidfile: undefined }],
    // short flags grouped, a value attached or in the next word
    [['-it', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['-eX=1', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['-de', 'A=1', 'img'], { attached: false, rm: false, image: 'img', userCidfile: undefined }],
    // -e with the value "d": not detached
    [['-ed', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    // the container command's own options are not run's
    [['img', '-d', '--rm', '--cidfile', 'x'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['--', 'img'], { attached: true, rm: false, image: 'img', userCidfile: undefined }],
    [['--cidfile'], { attached: true, rm: false, image: undefined, userCidfile: undefined }],
    [[], { attached: true, rm: false, image: undefined, userCidfile: undefined }],
  ])('run %j -> %j', (options, facts) => {
    expect(read(...options)).toEqual(facts);
  });
});
