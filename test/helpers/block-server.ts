import { afterAll, beforeAll } from 'vitest';

// A server (a Redis, a cluster, a sentinel set) started once for the describe block that calls this and
// stopped after it; each test reads it through the getter returned.
export function serverPerBlock<T extends { stop(): Promise<void> }>(
  start: () => Promise<T>,
  timeoutMs = 60_000,
): () => T {
  let server: T | undefined;
  beforeAll(async () => {
    server = await start();
  }, timeoutMs);
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error("the block's server did not start");
    return server;
  };
}
