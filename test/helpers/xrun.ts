import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

// the package's bin: the launcher, which starts the bundle (dist/cli.cjs)
export const XRUN_BIN = fileURLToPath(new URL('../../bin/xrun', import.meta.url));
export const FIXTURES_BIN = fileURLToPath(new URL('../fixtures/bin', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  // bytes written to xrun's stdin (then closed); without it stdin is closed at once
  input?: Buffer | string;
  // a file descriptor to hand xrun as its stdin instead
  stdinFd?: number;
  // another xrun executable to start (an installed package's bin, the single executable)
  bin?: string;
}

export interface Started {
  child: ChildProcess;
  finished: Promise<Finished>;
  // resolves once xrun's stderr contains `text`
  stderrIncludes(text: string): Promise<void>;
}

const CI_INFO_VENDORS = JSON.parse(
  readFileSync(new URL('../../node_modules/ci-info/vendors.json', import.meta.url), 'utf8'),
) as { env: unknown }[];
// Every variable ci-info looks at (its vendors' and its generic ones), so a test run in CI sees no CI.
const CI_VARIABLES: ReadonlySet<string> = new Set([
  ...CI_INFO_VENDORS.flatMap((v) => envNames(v.env)),
  ...[
    'CI',
    'BUILD_ID',
    'BUILD_NUMBER',
    'CI_APP_ID',
    'CI_BUILD_ID',
    'CI_BUILD_NUMBER',
    'CI_NAME',
    'CONTINUOUS_INTEGRATION',
    'RUN_ID',
  ],
  'GITHUB_STEP_SUMMARY',
]);

function envNames(spec: unknown): string[] {
  if (typeof spec === 'string') return [spec];
  if (Array.isArray(spec)) return spec.flatMap(envNames);
  if (spec && typeof spec === 'object') {
    const o = spec as Record<string, unknown>;
    return [
      ...(typeof o['env'] === 'string' ? [o['env']] : []),
      ...('any' in o ? envNames(o['any']) : []),
      ...(o['env'] === undefined && !('any' in o) ? Object.keys(o) : []),
    ];
  }
  return [];
}

// The test process's environment without CI variables and without XRUN_* settings: plain output.
export function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // XRUN_CACHE_DIR stays: the suite's xrun cache is one of its own (vitest.config.ts)
  for (const name of Object.keys(env))
    if (
      CI_VARIABLES.has(name) ||
      (name.startsWith('XRUN_') && name !== 'XRUN_CACHE_DIR') ||
      name === 'NO_COLOR' ||
      name === 'FORCE_COLOR'
    )
      delete env[name];
  // a TMPDIR of its own, so concurrent tests never share a wait queue (a test that wants one passes
  // the same TMPDIR to several runs)
  env.TMPDIR = tempDir('xrun-tmp-');
  return env;
}

// Starts the built xrun as a user would, with the fixtures first on PATH, outside any CI unless
// `env` says otherwise.
export function startXrun(args: readonly string[], options: RunOptions = {}): Started {
  const child = spawn(options.bin ?? XRUN_BIN, args, {
    cwd: options.cwd,
    env: { ...plainEnv(), PATH: `${FIXTURES_BIN}:${process.env.PATH}`, ...options.env },
    stdio: [options.stdinFd ?? 'pipe', 'pipe', 'pipe'],
  });
  if (options.stdinFd === undefined) child.stdin!.end(options.input ?? '');
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => out.push(c));
  child.stderr!.on('data', (c: Buffer) => {
    err.push(c);
    // decoded only while someone waits for a text: megabytes of stderr stay linear
    if (waiters.length === 0) return;
    const all = Buffer.concat(err).toString();
    for (const w of waiters.filter((w) => all.includes(w.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }),
    );
  });
  const stderrIncludes = (text: string) =>
    Buffer.concat(err).toString().includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ text, resolve }));
  return { child, finished, stderrIncludes };
}

export function runXrun(args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return startXrun(args, options).finished;
}

// A fresh directory in TMPDIR (the run's own, test/global-setup.ts), removed after the test that made
// it, or, made outside a test (at a file's top, in beforeAll), after the file (test/setup.ts).
export function tempDir(prefix = 'xrun-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  removeAfterTest(dir);
  return dir;
}

const madeOutsideTests: string[] = [];

// Removes `path` once the current test has finished, or once the file has, outside a test.
function removeAfterTest(path: string): void {
  try {
    onTestFinished(() => removeTree(path));
  } catch {
    // no test is running: the file's afterAll removes it
    madeOutsideTests.push(path);
  }
}

// Removes what was made outside the file's tests (test/setup.ts calls it after each file).
export function removeFileTemps(): void {
  for (const path of madeOutsideTests.splice(0)) removeTree(path);
}

// Removes a tree, even one whose modes a test took away (a non-root user cannot enter a 0 directory).
function removeTree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    execFileSync('chmod', ['-R', 'u+rwx', path], { stdio: 'ignore' });
    rmSync(path, { recursive: true, force: true });
  }
}

// A buck2 simulator session: env for the fixture, and what it saw.
export function buck2Sim(steps: string, extra: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('xrun-buck2-');
  const env = { BUCK2_SIM: steps, BUCK2_SIM_STATE: join(dir, 'count'), BUCK2_SIM_LOG: join(dir, 'log'), ...extra };
  return {
    dir,
    env,
    invocations: (): number =>
      existsSync(env.BUCK2_SIM_STATE) ? Number(readFileSync(env.BUCK2_SIM_STATE, 'utf8')) : 0,
  };
}

// /proc is there; scripts/e2e-without-proc.sh runs the suite where it is not (as on macOS, the BSDs).
export const HAS_PROC = existsSync('/proc/self/stat');

// Is a process alive?
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Polls `check` until it holds (bounded wait, generous for a loaded CI machine).
export async function eventually(check: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

// xrun's own lines in a stderr, in order.
export const xrunLines = (stderr: Buffer): string[] =>
  stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
