import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { safeLine } from '../../../src/command/redact.js';
import { shellQuote, shellQuoteWord } from '../../../src/command/shell-quote.js';

describe('shellQuote: a command as a shell would read it back', () => {
  it.each([
    ['', "''"],
    ['build', 'build'],
    ['//foo/bar:baz', '//foo/bar:baz'],
    ['--flag=a,b', '--flag=a,b'],
    ['echo out; exit 1', "'echo out; exit 1'"],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['"x"', `'"x"'`],
    ['$HOME', "'$HOME'"],
    ['a*', "'a*'"],
    ['~', "'~'"],
    ['***', "'***'"],
    ['`id`', "'`id`'"],
    ['a\nb', "'a\nb'"],
  ])('%j -> %s', (word, quoted) => {
    expect(shellQuoteWord(word)).toBe(quoted);
  });

  it('joins the words with spaces', () => {
    expect(shellQuote(['sh', '-c', 'echo out; exit 1'])).toBe("sh -c 'echo out; exit 1'");
    expect(shellQuote(['printf', '', "'"])).toBe("printf '' ''\\'''");
  });

  it('a newline stays in the quotes, and safeLine shows it on the one line', () => {
    expect(safeLine(shellQuote(['sh', '-c', 'echo a\necho b']))).toBe("sh -c 'echo a\\necho b'");
  });

  it('sh reads every quoted word back as the word itself', () => {
    const words = ['', 'a b', "it's", '$HOME', '"x"', 'a\nb', '`id`', '\\', "'", "''", '*', '!'];
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${shellQuote(words)}`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(words);
  });
});
