// Default bound of the stderr tail kept for classification.
const STDERR_TAIL_BYTES = 64 * 1024;

// Keeps the last `limit` bytes of a stream, whatever its size, without copying on the way: it holds
// references to the newest chunks and drops the oldest once they are no longer needed.
export class BoundedTail {
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(readonly limit: number = STDERR_TAIL_BYTES) {}

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    while (this.#chunks.length > 1 && this.#size - this.#chunks[0]!.length >= this.limit) {
      this.#size -= this.#chunks.shift()!.length;
    }
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.#chunks, this.#size);
    return all.length > this.limit ? all.subarray(all.length - this.limit) : all;
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}

// The same bound, kept by copying into one buffer of its own: for a relay that reuses its read buffer,
// so that no chunk is allocated (or kept) per read.
export class CopiedTail {
  readonly #buffer: Buffer;
  #length = 0;

  constructor(readonly limit: number = STDERR_TAIL_BYTES) {
    this.#buffer = Buffer.allocUnsafe(limit);
  }

  push(chunk: Buffer): void {
    if (chunk.length >= this.limit) {
      chunk.copy(this.#buffer, 0, chunk.length - this.limit);
      this.#length = this.limit;
      return;
    }
    const kept = Math.min(this.#length, this.limit - chunk.length);
    this.#buffer.copy(this.#buffer, 0, this.#length - kept, this.#length);
    chunk.copy(this.#buffer, kept);
    this.#length = kept + chunk.length;
  }

  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }
}
