import { execFileSync, spawnSync } from 'node:child_process';
import { eventually, type Finished, type RunOptions, startXrun } from './xrun.js';

// Whether a real-engine suite runs. A missing engine fails the suite in CI (CI=true) and for root
// (who can install it: `bash .ci/install-engines.sh`); otherwise it is skipped with a message.
export function enginesReady(suite: string, commands: readonly string[], needsRoot = false): boolean {
  const missing = commands.filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  const root = process.getuid?.() === 0;
  const ci = process.env.CI === 'true';
  if (missing.length === 0 && (root || !needsRoot)) return true;
  const why = missing.length > 0 ? `missing ${missing.join(', ')}` : 'needs root (rootful podman)';
  if (ci || root) throw new Error(`${suite}: ${why}; run \`bash .ci/install-engines.sh\` (as root) first`);
  console.warn(`SKIPPED ${suite}: ${why} (not root, not CI); run \`sudo bash .ci/install-engines.sh\` to enable`);
  return false;
}

// A label value unique to this test run, to find (and clean up) exactly our containers.
export function uniqueLabel(name: string): string {
  return `xrun-test=${name}-${process.pid}-${Date.now()}`;
}

// The ids of the containers carrying `label` (all states, or only running ones), through podman.
export function containersWithLabel(label: string, only?: 'running'): string[] {
  const filters = ['--filter', `label=${label}`, ...(only ? ['--filter', `status=${only}`] : [])];
  return execFileSync('podman', ['ps', '-aq', ...filters], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

// Removes every container carrying `label` at once.
export function removeLabelled(label: string): void {
  const ids = containersWithLabel(label);
  if (ids.length > 0) spawnSync('podman', ['rm', '-f', '-t', '0', ...ids]);
}

// xrun's own lines in a stderr capture.
export function xrunLines(stderr: Buffer | string): string[] {
  return stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('xrun: '));
}

// Starts xrun around a container run, sends it SIGINT once the container (carrying `label`) runs,
// and returns how xrun ended.
export async function interruptRunningContainer(
  args: readonly string[],
  label: string,
  options: RunOptions = {},
): Promise<Finished> {
  const run = startXrun(args, options);
  if (!(await eventually(() => containersWithLabel(label, 'running').length === 1, 20_000)))
    throw new Error('the container never ran');
  run.child.kill('SIGINT');
  return run.finished;
}
