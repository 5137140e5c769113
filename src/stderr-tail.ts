// Default bound of the stderr tail kept for classification.
export const STDERR_TAIL_BYTES = 64 * 1024;

// Keeps the last `limit` bytes of a stream, whatever its size; O(1) amortized per byte.
export class BoundedTail {
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(readonly limit: number = STDERR_TAIL_BYTES) {}

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size > 2 * this.limit) this.#compact();
  }

  bytes(): Buffer {
    this.#compact();
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  #compact(): void {
    const all = Buffer.concat(this.#chunks, this.#size);
    const kept = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    this.#chunks = kept.length ? [kept] : [];
    this.#size = kept.length;
  }
}
