import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../../src/command/control-chars.js';

describe('escapeControls', () => {
  it('names newline, carriage return and tab', () => {
    expect(escapeControls('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
  });

  it('shows other C0 characters, DEL and C1 as \\xNN (two lowercase hex digits)', () => {
    expect(escapeControls('\u0000\u0001\u0007\u000b\u000c\u001b\u001f')).toBe('\\x00\\x01\\x07\\x0b\\x0c\\x1b\\x1f');
    expect(escapeControls('\u007f\u0080\u009b\u009f')).toBe('\\x7f\\x80\\x9b\\x9f');
  });

  it('an ANSI colour sequence keeps its printable part', () => {
    expect(escapeControls('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
  });

  it('shows line/paragraph separators and bidirectional controls as \\uNNNN', () => {
    expect(escapeControls('\u2028\u2029')).toBe('\\u2028\\u2029');
    expect(escapeControls('\u202a\u202b\u202c\u202d\u202e')).toBe('\\u202a\\u202b\\u202c\\u202d\\u202e');
    expect(escapeControls('\u2066\u2067\u2068\u2069')).toBe('\\u2066\\u2067\\u2068\\u2069');
  });

  it('leaves the neighbours of each range as they are', () => {
    const neighbours = ' ~\u00a0\u00ff\u2027\u202f\u2065\u206a';
    expect(escapeControls(neighbours)).toBe(neighbours);
  });

  it('leaves backslashes, non-ASCII letters and astral characters as they are', () => {
    const text = 'C:\\dir\\n é 日本 😀';
    expect(escapeControls(text)).toBe(text);
  });

  it('the empty string stays empty; every match is replaced, not just the first', () => {
    expect(escapeControls('')).toBe('');
    expect(escapeControls('\n\n\n')).toBe('\\n\\n\\n');
  });

  it('the result has no line breaks and no control characters left', () => {
    const all = Array.from({ length: 0x2070 }, (_, i) => String.fromCharCode(i)).join('');
    expect(escapeControls(all)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});
