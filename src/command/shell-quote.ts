// Characters a POSIX shell reads as part of a plain word (Python's shlex.quote keeps the same set).
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

// A word written as a shell would read it back: bare when plain, else in single quotes (a quote inside
// as '\''), the empty word as ''. Control characters stay: a caller shows them with safeLine. Pure.
export function shellQuoteWord(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replaceAll("'", "'\\''")}'`;
}

// A command line as a user would type it into a shell: `sh -c 'echo out; exit 1'`. Pure.
export function shellQuote(words: readonly string[]): string {
  return words.map(shellQuoteWord).join(' ');
}
