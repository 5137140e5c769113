import { describe, expect, it } from 'vitest';
import { keySlot, masterOf, mastersOf, redirectOf, slotRanges } from '../../../src/model/cluster-slots.js';

describe('cluster slots', () => {
  it('hashes keys as Redis Cluster does (CLUSTER KEYSLOT)', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('123456789')).toBe(12739);
    expect(keySlot('xrun:fleet:{docker}')).toBe(keySlot('docker'));
    expect(keySlot('a{}b')).toBe(keySlot('a{}b'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
  });

  it('reads CLUSTER SLOTS and routes a slot to its master', () => {
    const ranges = slotRanges(
      [
        [0, 5460, ['127.0.0.1', 7000, 'id1'], ['127.0.0.1', 7003, 'id4']],
        [5461, 10922, ['', 7001, 'id2']],
        [10923, 16383, ['127.0.0.1', 7002, 'id3']],
      ],
      'seed',
    );
    expect(masterOf(ranges, 0)).toEqual({ host: '127.0.0.1', port: 7000 });
    expect(masterOf(ranges, 5461)).toEqual({ host: 'seed', port: 7001 });
    expect(mastersOf(ranges)).toHaveLength(3);
  });

  it('reads MOVED and ASK', () => {
    expect(redirectOf('MOVED 12036 127.0.0.1:7102')).toEqual({
      kind: 'MOVED',
      slot: 12036,
      node: { host: '127.0.0.1', port: 7102 },
    });
    expect(redirectOf('ASK 1 ::1:7000')?.node).toEqual({ host: '::1', port: 7000 });
    expect(redirectOf('ERR other')).toBeUndefined();
  });
});
