import { describe, expect, it } from 'vitest';
import { runModuleChild } from '../../helpers/module-child.js';

// endProcessWith in a process of its own, ending it as `work` (a TypeScript expression) decides.
const endedBy = async (work: string) => {
  const ended = await runModuleChild(
    `import { endProcessWith } from './src/cli/process-end.js';
     endProcessWith(${work});`,
  );
  return { code: ended.code, signal: ended.signal, stderr: ended.stderr.toString() };
};

describe('ending the process (cli/process-end.ts)', () => {
  it('with the code decided, 0 too', async () => {
    expect(await endedBy(`Promise.resolve({ kind: 'code', code: 3 })`)).toEqual({ code: 3, signal: null, stderr: '' });
    expect(await endedBy(`Promise.resolve({ kind: 'code', code: 0 })`)).toEqual({ code: 0, signal: null, stderr: '' });
  });

  it('by the signal decided, raised on itself', async () => {
    expect(await endedBy(`Promise.resolve({ kind: 'signal', signal: 'SIGTERM', fallbackCode: 143 })`)).toEqual({
      code: null,
      signal: 'SIGTERM',
      stderr: '',
    });
  });

  it("an error thrown is xrun's own: one line and 125", async () => {
    expect(await endedBy(`Promise.reject(new Error('boom'))`)).toEqual({
      code: 125,
      signal: null,
      stderr: 'xrun: internal error: boom\n',
    });
  });
});
