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
