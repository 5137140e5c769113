import { getHeapSpaceStatistics } from 'node:v8';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { collectYoungGeneration, RELAY_GC_BYTES } from '../../../../src/process/relay/young-gc.js';

// a code cache made before the first collection is set up, to be read after it
const SOURCE = 'function young(a) { return a + 1; } young(1);';
const CACHE = new Script(SOURCE, { filename: 'young-gc-cache.js' }).createCachedData();

describe('young-gc', () => {
  it('collects every 16 MiB relayed', () => {
    expect(RELAY_GC_BYTES).toBe(16777216);
  });

  it('a first and later calls run without throwing, and expose no gc globally', () => {
    expect(() => collectYoungGeneration()).not.toThrow();
    expect(() => collectYoungGeneration()).not.toThrow();
    expect('gc' in globalThis).toBe(false);
  });

  it("leaves V8's flags as they were: a code cache made before is still accepted", () => {
    collectYoungGeneration();
    // another name: the same one would be answered by V8's in-memory cache, which reads no cached data
    expect(new Script(SOURCE, { filename: 'young-gc-read.js', cachedData: CACHE }).cachedDataRejected).toBe(false);
  });

  it('collects: the young generation is emptied of garbage', () => {
    const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;
    let grown = 0;
    let before = 0;
    // garbage made after a collection; again should a collection of V8's own come in between
    for (let tries = 0; tries < 5 && grown < 256 * 1024; tries += 1) {
      collectYoungGeneration();
      const base = newSpace();
      let garbage: number[][] = [];
      for (let i = 0; i < 4000; i += 1) garbage.push([i, i + 1, i + 2, i + 3, i + 4, i + 5, i + 6, i + 7]);
      garbage = [];
      before = newSpace();
      grown = before - base;
    }
    expect(grown).toBeGreaterThanOrEqual(256 * 1024);
    collectYoungGeneration();
    expect(newSpace()).toBeLessThan(before - 200 * 1024);
  });
});
