import { close, openSync, read, rmSync, write } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { makeScratchDir } from '../scratch-dir.js';
import { writeAll } from './main-thread-relay.js';
import { failureOf, type WriteFailure } from './write-failure.js';

// --hold-stdout: one attempt's stdout, held until xrun knows where it goes (run/held-output.ts). Loaded
// only with the option: the plain run's module graph never holds it (test/e2e/startup-graph.test.ts).

// Held in memory up to this; past it, in a file (docs/behaviour.md#held-stdout says it)
const HOLD_MEMORY_BYTES = 1024 * 1024;
// a spilled file is read back in chunks of this size
const READ_CHUNK = 1024 * 1024;

// What an attempt's stdout amounted to: its bytes, and whether they went past memory into a file.
export interface HeldSize {
  bytes: number;
  spilled: boolean;
}

// A sink for the child's stdout relay (relay/node-pipe-relay.ts writes to it as to xrun's own stream). The spill
// file is unlinked as soon as it is made, and its directory removed: nothing is left on disk whatever
// ends xrun (success, failure, a signal, SIGKILL); the descriptor alone holds it until passOn or discard.
// A spill that cannot be made or written (no temporary directory, a full disk) is an 'error' on the sink,
// once: the relay then discards the rest, and the run reports the output as lost (never success).
export class HeldStdout extends Writable {
  #chunks: Buffer[] = [];
  #bytes = 0;
  #fd: number | undefined;
  #spilled = false;
  #failed = false;
  #lastByte: number | undefined;

  get size(): HeldSize {
    return { bytes: this.#bytes, spilled: this.#spilled };
  }

  // the held bytes end a line (or there are none): what follows them on stderr starts a line of its own
  get endsLine(): boolean {
    return this.#lastByte === undefined || this.#lastByte === 0x0a;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.#failed || chunk.length === 0) {
      done();
      return;
    }
    this.#hold(chunk).then(
      () => done(),
      (error: unknown) => {
        this.#failed = true;
        done();
        this.emit('error', error);
      },
    );
  }

  async #hold(chunk: Buffer): Promise<void> {
    if (this.#fd === undefined && this.#bytes + chunk.length <= HOLD_MEMORY_BYTES) {
      this.#chunks.push(chunk);
      this.#took(chunk);
      return;
    }
    if (this.#fd === undefined) {
      this.#fd = spillFile();
      this.#spilled = true;
      const held = Buffer.concat(this.#chunks);
      this.#chunks = [];
      await writeAllAt(this.#fd, held);
    }
    await writeAllAt(this.#fd, chunk);
    this.#took(chunk);
  }

  #took(chunk: Buffer): void {
    this.#bytes += chunk.length;
    this.#lastByte = chunk[chunk.length - 1];
  }

  // Writes what was held to `fd` (xrun's stdout or stderr), then lets it go; the failed write, if one failed.
  async passOn(fd: number): Promise<WriteFailure | undefined> {
    try {
      if (this.#fd === undefined) {
        for (const chunk of this.#chunks) {
          const error = await writeAll(fd, chunk);
          if (error !== undefined) return failureOf(error);
        }
        return undefined;
      }
      return await copyFile(this.#fd, fd);
    } finally {
      this.discard();
    }
  }

  // Lets the held output go: the memory, and the spill file's descriptor (the file is already unlinked).
  discard(): void {
    this.#chunks = [];
    if (this.#fd !== undefined) close(this.#fd, () => {});
    this.#fd = undefined;
  }
}

// A new file for the held bytes, open for reading and writing, already unlinked with its directory (the
// descriptor alone holds it). No place that can hold it: an error with the code of the last place tried.
function spillFile(): number {
  const made = makeScratchDir('xrun-hold-');
  if (!('dir' in made)) {
    const code = made.passed.at(-1)?.code ?? 'ENOENT';
    throw Object.assign(new Error(code), {
      code,
      errno: -(constants.errno[code as keyof typeof constants.errno] ?? 0) || undefined,
    });
  }
  try {
    return openSync(join(made.dir, 'stdout'), 'wx+', 0o600);
  } finally {
    rmSync(made.dir, { recursive: true, force: true });
  }
}

// Appends all of `chunk` to the spill file (its writes are sequential: the position is the file's).
async function writeAllAt(fd: number, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length)
    offset += await new Promise<number>((resolve, reject) =>
      write(fd, chunk, offset, chunk.length - offset, null, (e, n) => (e ? reject(e) : resolve(n))),
    );
}

// The spill file from its start to `to`; the failed write, if one failed (a failed read is one too).
async function copyFile(from: number, to: number): Promise<WriteFailure | undefined> {
  const buffer = Buffer.allocUnsafe(READ_CHUNK);
  for (let position = 0; ; ) {
    let length: number;
    try {
      length = await new Promise<number>((resolve, reject) =>
        read(from, buffer, 0, buffer.length, position, (e, n) => (e ? reject(e) : resolve(n))),
      );
    } catch (error) {
      return failureOf(error);
    }
    if (length === 0) return undefined;
    const error = await writeAll(to, buffer.subarray(0, length));
    if (error !== undefined) return failureOf(error);
    position += length;
  }
}
