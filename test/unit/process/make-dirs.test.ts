import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectories } from '../../../src/process/make-dirs.js';

describe('makeDirectories', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'xrun-test-dirs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes every missing level, 0700', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirectories(deep);
    for (const dir of [join(root, 'a'), join(root, 'a', 'b'), deep]) expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('leaves an existing directory as it is', () => {
    makeDirectories(root);
    expect(statSync(root).isDirectory()).toBe(true);
  });

  it('throws where a level is a file', () => {
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirectories(join(root, 'file', 'x'))).toThrow(/ENOTDIR/);
  });

  // Node's recursive mkdir never returns here; this one throws at once.
  it.runIf(statSync('/proc/self', { throwIfNoEntry: false }) !== undefined)(
    'throws under /proc instead of spinning',
    () => {
      expect(() => makeDirectories('/proc/xrun-no-such/cache')).toThrow(/ENOENT/);
    },
  );
});
