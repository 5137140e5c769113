import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareQueueDir } from '../../../../src/process/queue/queue-dir.js';
import { tempDir } from '../../../helpers/xrun.js';

describe('the queue directory', () => {
  const uid = process.getuid!();
  const queueIn = (tmp: string) => join(tmp, `xrun-queue-${uid}`, 'key');

  it('is made 0700, both levels, and then used', () => {
    const tmp = tempDir('xrun-qd-');
    expect(prepareQueueDir(queueIn(tmp))).toBeUndefined();
    expect(statSync(dirname(queueIn(tmp))).mode & 0o777).toBe(0o700);
    expect(statSync(queueIn(tmp)).mode & 0o777).toBe(0o700);
    expect(prepareQueueDir(queueIn(tmp))).toBeUndefined();
  });

  it.each([
    ['$TMPDIR is /dev/null', () => '/dev/null', /^cannot create \/dev\/null\/xrun-queue-\d+ \(ENOTDIR\)$/],
    [
      '$TMPDIR is a file',
      (tmp: string) => (writeFileSync(join(tmp, 'f'), ''), join(tmp, 'f')),
      /^cannot create .*\/f\/xrun-queue-\d+ \(ENOTDIR\)$/,
    ],
    [
      '$TMPDIR does not exist',
      (tmp: string) => join(tmp, 'none'),
      /^cannot create .*\/none\/xrun-queue-\d+ \(ENOENT\)$/,
    ],
    [
      "the user's queue path is a file",
      (tmp: string) => (writeFileSync(dirname(queueIn(tmp)), ''), tmp),
      /\/xrun-queue-\d+ is not a directory$/,
    ],
    [
      "the user's queue path is a link",
      (tmp: string) => (symlinkSync(tmp, dirname(queueIn(tmp))), tmp),
      /\/xrun-queue-\d+ is a symbolic link$/,
    ],
    [
      'the queue is open to all',
      (tmp: string) => (mkdirSync(queueIn(tmp), { recursive: true }), chmodSync(queueIn(tmp), 0o777), tmp),
      /\/key is writable by group and others \(mode 0777\)$/,
    ],
  ])('%s: refused, saying why', (_, tmpdirOf, problem) => {
    const tmp = tmpdirOf(tempDir('xrun-qd-'));
    expect(prepareQueueDir(queueIn(tmp))).toMatch(problem);
  });

  it.skipIf(uid !== 0)("another user's queue is refused (chown needs root)", () => {
    const tmp = tempDir('xrun-qd-');
    mkdirSync(dirname(queueIn(tmp)), { mode: 0o700 });
    chownSync(dirname(queueIn(tmp)), 65534, 65534);
    expect(prepareQueueDir(queueIn(tmp))).toBe(`${dirname(queueIn(tmp))} is owned by uid 65534, not 0`);
  });
});
