import { describe, expect, it } from 'vitest';
import { streamLayout } from '../../../../src/process/relay/stream-layout.js';

describe('streamLayout', () => {
  it.each([
    // [read stdout, read stderr, stdout is stderr, layout]
    [false, false, false, { kind: 'untouched' }],
    // nothing read: xrun's own descriptors, merged or not (a generic command with no output rule)
    [false, false, true, { kind: 'untouched' }],
    [false, true, false, { kind: 'separate', stdout: false, stderr: true }],
    [true, true, false, { kind: 'separate', stdout: true, stderr: true }],
    // one file for both: one pipe for both, whichever stream xrun reads
    [false, true, true, { kind: 'merged' }],
    [true, true, true, { kind: 'merged' }],
  ] as const)('stdout read %s, stderr read %s, same file %s', (readStdout, readStderr, same, expected) => {
    expect(streamLayout(readStdout, readStderr, same)).toEqual(expected);
  });
});
