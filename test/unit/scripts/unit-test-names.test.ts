import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/xrun.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPT = join(REPO, 'scripts/unit-test-names.mjs');

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

// A copy of the repository's src/ and test/unit/ names (empty files): the tree the check passes today.
function mirror(): string {
  const root = tempDir('xrun-unit-names-');
  for (const path of [...filesUnder(REPO, 'src'), ...filesUnder(REPO, 'test/unit')]) touch(root, path);
  return root;
}

function touch(root: string, path: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), '');
}

function check(root: string): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { status: run.status, lines: run.stderr.split('\n').filter((l) => l !== '') };
}

describe('scripts/unit-test-names.mjs: a unit test of its own name for every module with logic', () => {
  it('passes the repository as it is (exit 0, nothing said)', () => {
    expect(execFileSync(process.execPath, [SCRIPT], { cwd: REPO, encoding: 'utf8' })).toBe('');
    expect(check(REPO)).toEqual({ status: 0, lines: [] });
  });

  it('names a module without its test, nested or not, and fails', () => {
    const root = mirror();
    touch(root, 'src/run/brand-new.ts');
    rmSync(join(root, 'test/unit/process/relay/silence.test.ts'));
    expect(check(root)).toEqual({
      status: 1,
      lines: [
        'unit-test-names: src/process/relay/silence.ts has no unit test of its own name (test/unit/process/relay/silence.test.ts)',
        'unit-test-names: src/run/brand-new.ts has no unit test of its own name (test/unit/run/brand-new.test.ts)',
      ].sort(),
    });
  });

  it('a test of another name does not count; its own name does', () => {
    const root = mirror();
    touch(root, 'src/model/widget.ts');
    touch(root, 'test/unit/model/widgets.test.ts');
    expect(check(root).status).toBe(1);
    touch(root, 'test/unit/model/widget.test.ts');
    expect(check(root)).toEqual({ status: 0, lines: [] });
  });

  it('an allowlisted module that is gone, or that has a test now, is a stale allowlist entry', () => {
    const root = mirror();
    rmSync(join(root, 'src/cli/entry.ts'));
    touch(root, 'test/unit/index.test.ts');
    expect(check(root)).toEqual({
      status: 1,
      lines: [
        'unit-test-names: src/index.ts has test/unit/index.test.ts: take it off the allowlist',
        'unit-test-names: src/cli/entry.ts is allowlisted but does not exist',
      ],
    });
  });
});
