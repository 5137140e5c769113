import { describe, expect, it } from 'vitest';
import { BoundedTail, CopiedTail } from '../../../src/model/stderr-tail.js';

describe('BoundedTail', () => {
  it('keeps everything below the limit', () => {
    const tail = new BoundedTail(10);
    tail.push(Buffer.from('abc'));
    tail.push(Buffer.from('def'));
    expect(tail.text()).toBe('abcdef');
  });
  it('keeps exactly the last `limit` bytes of a large stream', () => {
    const tail = new BoundedTail(1000);
    let all = '';
    for (let i = 0; i < 5000; i += 1) {
      const chunk = `${i},`;
      all += chunk;
      tail.push(Buffer.from(chunk));
    }
    expect(tail.bytes().length).toBe(1000);
    expect(tail.text()).toBe(all.slice(-1000));
  });
  it('defaults to 64 KiB', () => {
    const tail = new BoundedTail();
    tail.push(Buffer.alloc(200_000, 1));
    expect(tail.bytes().length).toBe(65_536);
  });
});

describe('CopiedTail', () => {
  it('keeps exactly what BoundedTail keeps, whatever the chunk sizes, from one reused buffer', () => {
    const copied = new CopiedTail(1000);
    const bounded = new BoundedTail(1000);
    const reused = Buffer.alloc(2500);
    let next = 0;
    // below, at and above the limit, and the empty chunk
    for (const size of [1, 10, 999, 0, 1000, 1001, 2500, 7, 500, 600, 3]) {
      for (let i = 0; i < size; i += 1) reused[i] = next++ % 251;
      copied.push(reused.subarray(0, size));
      bounded.push(Buffer.from(reused.subarray(0, size)));
      expect(copied.bytes().equals(bounded.bytes()), `after a chunk of ${size}`).toBe(true);
    }
    expect(copied.bytes()).toHaveLength(1000);
  });
});
