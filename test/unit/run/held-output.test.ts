import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runModuleChild } from '../../helpers/module-child.js';

// HeldRun writes to descriptors 1 and 2: it runs in a process of its own. `attempts` is a script of
// what each attempt writes to its held stdout; the last one ends the run. The info and warn lines go to
// stderr tagged, in order with the held bytes; then each record's outputErrors, as JSON.
const heldRun = (attempts: string[], options: Parameters<typeof runModuleChild>[1] = {}) =>
  runModuleChild(
    `import { writeSync } from 'node:fs';
     import { HeldRun } from './src/run/held-output.js';
     const say = (tag) => (line) => writeSync(2, '[' + tag + '] ' + line + '\\n');
     const run = new HeldRun(say('info'), say('warn'));
     const texts = ${JSON.stringify(attempts)};
     const records = texts.map((_, i) => ({ attempt: i + 1 }));
     for (const [i, text] of texts.entries()) {
       if (i > 0) await run.releaseFailed();
       const held = run.next(i + 1);
       await new Promise((resolve) => held.write(text, resolve));
     }
     await run.passOnLast({ attempts: records, last: records.at(-1), deadlineSpent: false });
     writeSync(2, JSON.stringify(records.map((r) => r.outputErrors ?? null)));`,
    options,
  );

describe('HeldRun: --hold-stdout over a run (run/held-output.ts)', () => {
  it("a failed attempt's stdout goes to stderr under its header as the next starts; the last one's to stdout", async () => {
    const ended = await heldRun(['one\n', 'two\n', 'three\n']);
    expect(ended.code).toBe(0);
    expect(ended.stdout.toString()).toBe('three\n');
    expect(ended.stderr.toString()).toBe(
      [
        '[info] xrun: stdout of failed attempt 1 (4 bytes):',
        'one',
        '[info] xrun: stdout of failed attempt 2 (4 bytes):',
        'two',
        '[null,null,null]',
      ].join('\n'),
    );
  });

  it('a line the command left open is ended on stderr; an attempt that wrote nothing has no header', async () => {
    const ended = await heldRun(['a', '', 'last']);
    expect(ended.stdout.toString()).toBe('last');
    expect(ended.stderr.toString()).toBe(
      ['[info] xrun: stdout of failed attempt 1 (1 byte):', 'a', '[null,null,null]'].join('\n'),
    );
  });

  it("the last attempt's stdout lost to a full disk is said and becomes its output error", async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const ended = await heldRun(['first\n', 'second\n'], { stdout: full });
      const lost = { stream: 'stdout', errno: 'ENOSPC', message: 'no space left on device' };
      expect(ended.stderr.toString()).toBe(
        [
          '[info] xrun: stdout of failed attempt 1 (6 bytes):',
          'first',
          "[warn] xrun: writing the command's stdout failed: ENOSPC (no space left on device); the rest of it was discarded",
          JSON.stringify([null, [lost]]),
        ].join('\n'),
      );
    } finally {
      closeSync(full);
    }
  });
});
