import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './xrun.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

// `npm pack` as on a clean clone: the repo's files (tracked and new, not ignored) copied to a directory
// of their own with this checkout's node_modules, so packing runs its own build and never touches dist/.
export function packFromCleanTree(): string {
  const tree = tempDir('xrun-tree-');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: REPO,
    encoding: 'utf8',
  }).split('\0');
  // node_modules is linked below (a worktree's own may be a symlink, which .gitignore's `node_modules/` does not match)
  for (const file of files.filter((f) => f && f !== 'node_modules' && existsSync(join(REPO, f)))) {
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    copyFileSync(join(REPO, file), join(tree, file));
  }
  symlinkSync(join(REPO, 'node_modules'), join(tree, 'node_modules'));
  const out = tempDir('xrun-pack-');
  execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
    cwd: tree,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const [tarball] = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  return join(out, tarball!);
}

// npm install without the audit and funding chatter, from the local cache when it has the packages.
export function npmInstall(args: readonly string[], cwd?: string): void {
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

const NODE_CACHE = join(homedir(), '.cache', 'xrun-test');

// Another release of Node, from the npm registry's node-<os>-<arch> packages (kept in ~/.cache/xrun-test):
// the directory holding its `node`.
export function otherNode(version: string): string {
  const dir = join(NODE_CACHE, `node-${version}`);
  if (existsSync(join(dir, 'node'))) return dir;
  const partial = `${dir}.${process.pid}`;
  mkdirSync(partial, { recursive: true });
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const tgz = execFileSync('npm', ['pack', '--silent', pkg], { cwd: NODE_CACHE, encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;
  execFileSync('tar', ['xzf', join(NODE_CACHE, tgz), '-C', partial, '--strip-components=2', 'package/bin/node']);
  rmSync(join(NODE_CACHE, tgz));
  // whole or not at all: a broken download is never taken for a Node
  renameSync(partial, dir);
  return dir;
}
