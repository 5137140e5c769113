import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { disableOwnCoreDumps } from '../../../src/process/core-limit.js';

// This process's core limit, soft and hard, as prlimit shows it ("0 0", "unlimited unlimited").
function coreLimit(): string {
  const out = spawnSync('prlimit', ['--pid', String(process.pid), '--core', '--output=SOFT,HARD', '--noheadings'], {
    encoding: 'utf8',
  });
  return out.stdout.trim().split(/\s+/).join(' ');
}

// Runs `body` with a PATH where no prlimit is found.
function withoutPrlimit<T>(body: () => T): T {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent-xrun-test';
  try {
    return body();
  } finally {
    process.env.PATH = path;
  }
}

const hasPrlimit = spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0;
// a soft limit above 0 to start from (the test worker's own: it ends with the file)
const raised =
  hasPrlimit &&
  spawnSync('prlimit', ['--pid', String(process.pid), '--core=1048576:'], { stdio: 'ignore' }).status === 0;

describe('disableOwnCoreDumps (the test worker is the process it limits)', () => {
  it.skipIf(!raised)(
    'without prlimit, a limit above 0 is reported as not disabled; with it, soft and hard become 0; then true either way',
    () => {
      expect(coreLimit().split(' ')[0]).toBe('1048576');
      expect(withoutPrlimit(disableOwnCoreDumps)).toBe(false);
      expect(coreLimit().split(' ')[0]).toBe('1048576');
      expect(disableOwnCoreDumps()).toBe(true);
      expect(coreLimit()).toBe('0 0');
      expect(withoutPrlimit(disableOwnCoreDumps)).toBe(true);
      expect(disableOwnCoreDumps()).toBe(true);
    },
  );
});
