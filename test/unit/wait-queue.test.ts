import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonOf, fnv1a64, projectRoot, queueDirectory } from '../../src/wait-queue.js';

describe('wait queue naming', () => {
  it('FNV-1a 64 matches its published test vectors', () => {
    // from the FNV reference test suite (isthe.com/chongo/tech/comp/fnv)
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('one directory per user, tool, project root and daemon: stable, and apart for any other', () => {
    const dir = queueDirectory('buck2', '/repo', 'v2');
    expect(dir).toBe(join(tmpdir(), `xrun-queue-${process.getuid!()}`, fnv1a64('buck2\0/repo\0v2')));
    expect(queueDirectory('buck2', '/repo', 'v2')).toBe(dir);
    expect(new Set([dir, queueDirectory('bazel', '/repo'), queueDirectory('buck2', '/repo2', 'v2'), queueDirectory('buck2', '/repo', 'ci')]).size).toBe(4);
    expect(basename(dir)).toMatch(/^[0-9a-f]{16}$/);
  });

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
    const root = mkdtempSync(join(tmpdir(), 'xrun-root-'));
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
