// The relay's shared state, declared once: one Int32Array on a SharedArrayBuffer that the main thread
// (relay/fifo-relay.ts) and the worker (relay/worker.ts, which gets SLOT and READER in its workerData) both
// use, so that the main thread tells silence from a slow reader without a message per chunk.
export const SLOT = {
  // the chunks the worker has handed on so far
  chunks: 0,
  // 1 while the worker waits in a read (0 while it starts or writes)
  inRead: 1,
  // 1 once the main thread gives up on a silent pipe
  gaveUp: 2,
  // who reads the pipe: a READER
  reader: 3,
} as const;

// The values of SLOT.reader: the main thread (its early relay, relay/main-thread-relay.ts), the worker, or the
// main thread to the end (the command ended, or xrun's descriptor went away: the worker ends unread).
export const READER = { main: 0, worker: 1, mainToTheEnd: 2 } as const;

export function relayState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * Object.keys(SLOT).length));
}

// What the worker is started with (workerData): the pipe, xrun's descriptor, the state and its layout.
export interface RelayWorkerData {
  fd: number;
  outFd: number;
  shared: SharedArrayBuffer;
  tailLimit: number;
  slot: typeof SLOT;
  reader: typeof READER;
}

export function relayWorkerData(fd: number, outFd: number, state: Int32Array, tailLimit: number): RelayWorkerData {
  return { fd, outFd, shared: state.buffer as SharedArrayBuffer, tailLimit, slot: SLOT, reader: READER };
}
