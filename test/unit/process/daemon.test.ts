import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonOf, projectRoot } from '../../../src/process/daemon.js';
import { tempDir } from '../../helpers/xrun.js';

describe('which daemon a command talks to', () => {
  it.each([
    [['buck2', 'build', '//...'], {}, 'v2'],
    [['buck2', 'build', '//...'], { BUCK_ISOLATION_DIR: 'ci' }, 'ci'],
    [['buck2', '--isolation-dir', 'one', 'build', '//...'], { BUCK_ISOLATION_DIR: 'ci' }, 'one'],
    [['buck2', 'build', '--isolation-dir=two', '//...'], {}, 'two'],
    [['buck2', 'run', '//:tool', '--', '--isolation-dir', 'not-buck2s'], {}, 'v2'],
    [['env', 'BUCK_ISOLATION_DIR=pre', 'buck2', 'build'], { BUCK_ISOLATION_DIR: 'ci' }, 'pre'],
    [['env', '-S', 'buck2 --isolation-dir three', 'build'], {}, 'three'],
  ])("buck2's daemon is its isolation dir: %j with %j is %s", (argv, env, isolation) => {
    expect(daemonOf('buck2', argv, env)).toBe(isolation);
  });

  it('other tools run one daemon per project', () => {
    expect(daemonOf('docker', ['docker', '--isolation-dir', 'x', 'ps'], { BUCK_ISOLATION_DIR: 'ci' })).toBe('');
    expect(daemonOf('bazel', ['bazel', 'build'], {})).toBe('');
  });

  it("the project is buck2's outermost .buckconfig, bazel's nearest workspace, else the working directory", () => {
    const root = tempDir('xrun-root-');
    const cell = join(root, 'cell', 'pkg');
    mkdirSync(cell, { recursive: true });
    writeFileSync(join(root, '.buckconfig'), '');
    writeFileSync(join(root, 'cell', '.buckconfig'), '');
    writeFileSync(join(root, 'WORKSPACE'), '');
    writeFileSync(join(root, 'cell', 'MODULE.bazel'), '');
    expect(projectRoot('buck2', cell)).toBe(root);
    expect(projectRoot('bazel', cell)).toBe(dirname(cell));
    expect(projectRoot('docker', cell)).toBe(cell);
  });
});
