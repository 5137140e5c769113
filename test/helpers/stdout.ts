import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

// What the code under test writes to process.stdout and process.stderr, kept instead of printed, one
// test at a time: call inside describe.
export function capturedOutput(): { stdout(): string; stderr(): string } {
  const written = { stdout: [] as string[], stderr: [] as string[] };
  let spies: MockInstance[] = [];
  const keep = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream].push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    });
  beforeEach(() => {
    written.stdout = [];
    written.stderr = [];
    spies = [keep('stdout'), keep('stderr')];
  });
  afterEach(() => {
    for (const spy of spies) spy.mockRestore();
  });
  return { stdout: () => written.stdout.join(''), stderr: () => written.stderr.join('') };
}
