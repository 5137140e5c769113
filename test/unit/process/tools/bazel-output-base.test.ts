import { describe, expect, it } from 'vitest';
import {
  type ClientEnvironment,
  outputBaseOf,
  outputPlaceOf,
  rcFilesOf,
  serverPidFile,
  startupWordsOf,
  workspaceOf,
} from '../../../../src/process/tools/bazel-output-base.js';

const env: ClientEnvironment = { home: '/home/ann', user: 'ann', md5: (text) => `md5(${text})` };

describe('workspaceOf', () => {
  it.each<[string, string, string[], string | undefined]>([
    ['the directory itself', '/ws', ['/ws/WORKSPACE'], '/ws'],
    ['the nearest parent', '/ws/a/b', ['/ws/WORKSPACE', '/ws/a/MODULE.bazel'], '/ws/a'],
    ['WORKSPACE.bazel', '/ws/x', ['/ws/WORKSPACE.bazel'], '/ws'],
    ['REPO.bazel', '/r', ['/r/REPO.bazel'], '/r'],
    ['none up to /', '/a/b', [], undefined],
  ])('%s', (_name, cwd, files, expected) => {
    expect(workspaceOf(cwd, (path) => files.includes(path))).toBe(expected);
  });
});

describe('rcFilesOf', () => {
  it.each<[string, string[], string | undefined, string[]]>([
    ['system, workspace, home', [], '/ws', ['/etc/bazel.bazelrc', '/ws/.bazelrc', '/home/ann/.bazelrc']],
    ['no workspace: no workspace rc', [], undefined, ['/etc/bazel.bazelrc', '/home/ann/.bazelrc']],
    [
      '--bazelrc last, relative to cwd',
      ['--bazelrc=ci.rc', '--bazelrc', '/x.rc'],
      '/ws',
      ['/etc/bazel.bazelrc', '/ws/.bazelrc', '/home/ann/.bazelrc', '/cwd/ci.rc', '/x.rc'],
    ],
    [
      '--bazelrc=/dev/null reads nothing more',
      ['--bazelrc=/dev/null'],
      '/ws',
      ['/etc/bazel.bazelrc', '/ws/.bazelrc', '/home/ann/.bazelrc'],
    ],
    ['--nosystem_rc --nohome_rc', ['--nosystem_rc', '--nohome_rc'], '/ws', ['/ws/.bazelrc']],
    ['--noworkspace_rc', ['--noworkspace_rc'], '/ws', ['/etc/bazel.bazelrc', '/home/ann/.bazelrc']],
    ['--ignore_all_rc_files', ['--ignore_all_rc_files', '--bazelrc=a'], '/ws', []],
  ])('%s', (_name, args, workspace, expected) => {
    expect(rcFilesOf(args, workspace, '/home/ann', '/cwd')).toEqual(expected);
  });
});

describe('startupWordsOf', () => {
  it.each<[string, string, string[]]>([
    [
      'startup lines only',
      'build --x\nstartup --output_user_root=/r\nstartup --max_idle_secs 5\n',
      ['--output_user_root=/r', '--max_idle_secs', '5'],
    ],
    [
      'comments and blank lines',
      '# startup --output_base=/no\n\n  startup   --output_base=/b  # here\n',
      ['--output_base=/b'],
    ],
    ['startup:config lines are not plain startup', 'startup:ci --output_base=/c\n', []],
  ])('%s', (_name, text, expected) => {
    expect(startupWordsOf(text)).toEqual(expected);
  });
});

describe('outputBaseOf', () => {
  it.each<[string, string[], string | undefined, Partial<ClientEnvironment>, string | undefined]>([
    [
      'the default: ~/.cache/bazel/_bazel_USER/md5(workspace)',
      [],
      '/ws',
      {},
      '/home/ann/.cache/bazel/_bazel_ann/md5(/ws)',
    ],
    ['$XDG_CACHE_HOME', [], '/ws', { xdgCacheHome: '/xdg' }, '/xdg/bazel/_bazel_ann/md5(/ws)'],
    ['$TEST_TMPDIR first', [], '/ws', { testTmpdir: '/t', xdgCacheHome: '/xdg' }, '/t/_bazel_ann/md5(/ws)'],
    ['--output_user_root', ['--output_user_root=/r'], '/ws', {}, '/r/md5(/ws)'],
    ['--output_user_root VALUE, relative', ['--output_user_root', 'root'], '/ws', {}, '/cwd/root/md5(/ws)'],
    ['--output_base wins', ['--output_user_root=/r', '--output_base=/b'], '/ws', {}, '/b'],
    [
      'the last one wins (the command line after the rc files)',
      ['--output_base=/rc', '--output_base=/cli'],
      '/ws',
      {},
      '/cli',
    ],
    ['--output_base outside a workspace', ['--output_base=/b'], undefined, {}, '/b'],
    ['no workspace, no --output_base: none', [], undefined, {}, undefined],
  ])('%s', (_name, words, workspace, extra, expected) => {
    expect(outputBaseOf(outputPlaceOf(words, '/cwd'), workspace, { ...env, ...extra })).toBe(expected);
  });
  it('the server pid file is server/server.pid.txt under the output base', () => {
    expect(serverPidFile('/b')).toBe('/b/server/server.pid.txt');
  });
});
