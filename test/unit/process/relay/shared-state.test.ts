import { describe, expect, it } from 'vitest';
import { READER, relayState, relayWorkerData, SLOT } from '../../../../src/process/relay/shared-state.js';

describe('relay-state', () => {
  it('the slots are 0..3, distinct; the readers 0..2, distinct', () => {
    expect(SLOT).toEqual({ chunks: 0, inRead: 1, gaveUp: 2, reader: 3 });
    expect(READER).toEqual({ main: 0, worker: 1, mainToTheEnd: 2 });
  });

  it('relayState: one zeroed Int32 per slot, on a SharedArrayBuffer', () => {
    const state = relayState();
    expect(state).toBeInstanceOf(Int32Array);
    expect(state.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([state.length, state.byteLength]).toEqual([4, 16]);
    expect([...state]).toEqual([0, 0, 0, 0]);
    // the reader starts as the main thread's
    expect(state[SLOT.reader]).toBe(READER.main);
  });

  it('each call is a state of its own', () => {
    const [a, b] = [relayState(), relayState()];
    Atomics.store(a, SLOT.chunks, 7);
    expect(Atomics.load(b, SLOT.chunks)).toBe(0);
  });

  it('relayWorkerData: the descriptors, the very buffer, the tail limit and the layout', () => {
    const state = relayState();
    const data = relayWorkerData(5, 2, state, 65536);
    expect(data).toEqual({ fd: 5, outFd: 2, shared: state.buffer, tailLimit: 65536, slot: SLOT, reader: READER });
    expect(data.shared).toBe(state.buffer);
    // what the worker writes through its own view is what the main thread reads
    Atomics.store(new Int32Array(data.shared), data.slot.gaveUp, 1);
    expect(Atomics.load(state, SLOT.gaveUp)).toBe(1);
  });

  it('the worker data survives a structured clone (what workerData is) sharing the memory', () => {
    const state = relayState();
    const copy = structuredClone(relayWorkerData(3, 1, state, 10));
    Atomics.store(new Int32Array(copy.shared), copy.slot.reader, copy.reader.worker);
    expect(Atomics.load(state, SLOT.reader)).toBe(READER.worker);
    expect(copy.slot).toEqual(SLOT);
  });
});
