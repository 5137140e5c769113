import { describe, expect, it } from 'vitest';
import { BoundedTail } from '../../../src/model/stderr-tail.js';

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
