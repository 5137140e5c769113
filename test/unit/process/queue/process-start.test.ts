import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  etimeSeconds,
  ownStart,
  ownWallStart,
  psStarts,
  sameStart,
  startsOf,
  statStartTicks,
} from '../../../../src/process/queue/process-start.js';

describe('process start stamps', () => {
  const stat = (comm: string, start: string) =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 ${start} 3133440 389 18446744073709551615`;
  it.each([
    [stat('node', '48174'), '48174'],
    [stat('a) b (c', '7'), '7'],
    [stat('x', 'junk'), undefined],
    ['4242 node S', undefined],
    ['', undefined],
  ])('/proc/PID/stat field 22 of %j is %s', (text, ticks) => {
    expect(statStartTicks(text)).toBe(ticks);
  });

  it.each([
    ['05:07', 307],
    ['  01:00:00 ', 3600],
    ['2-03:04:05', 2 * 86400 + 3 * 3600 + 4 * 60 + 5],
    ['1-00:00:00', 86_400],
    ['00:00', 0],
    ['12', undefined],
    ['', undefined],
    ['a:b', undefined],
  ])('ps etime %j is %s seconds', (text, seconds) => {
    expect(etimeSeconds(text)).toBe(seconds);
  });

  it.each([
    ['t100', 't100', true],
    ['t100', 't101', false],
    ['w10000', 'w11999', true],
    ['w10000', 'w7000', false],
    // ps gives whole seconds, read a little late: 2 s either way
    ['w10000', 'w12000', true],
    ['w10000', 'w8000', true],
    ['w10000', 'w12001', false],
    ['w10000', 't10000', false],
    ['wx', 'w1', false],
  ])('%s and %s are the same start: %s', (a, b, same) => {
    expect(sameStart(a, b)).toBe(same);
  });

  it('this process is recognised by its own stamp; a dead pid is gone', async () => {
    const own = ownStart()!;
    const dead = spawnSync('true').pid!;
    const seen = startsOf([process.pid, dead]);
    expect(sameStart(own, seen.get(process.pid) as string)).toBe(true);
    expect(seen.get(dead)).toBe('gone');
  });

  it('without /proc, ps answers to a second (its answers reused while the process lives)', () => {
    const dead = spawnSync('true').pid!;
    const seen = psStarts([process.pid, dead]);
    expect(sameStart(ownWallStart(), seen.get(process.pid) as string)).toBe(true);
    expect(seen.get(dead)).toBe('gone');
    expect(psStarts([process.pid]).get(process.pid)).toBe(seen.get(process.pid));
  });
});
