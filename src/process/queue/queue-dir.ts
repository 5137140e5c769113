import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DirFacts, dirFacts, dirProblem } from '../private-dir.js';

// Creates the queue directory and its parent (the user's, under $TMPDIR) 0700 where missing, and
// checks both. Returns why the queue cannot be used (an unusable TMPDIR, a foreign or open directory).
export function prepareQueueDir(dir: string, uid = process.getuid?.()): string | undefined {
  for (const level of [dirname(dir), dir]) {
    try {
      mkdirSync(level, { mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return `cannot create ${level} (${code ?? String(error)})`;
    }
    let facts: DirFacts;
    try {
      facts = dirFacts(level);
    } catch (error) {
      return `cannot read ${level} (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    }
    const problem = dirProblem(level, facts, uid);
    if (problem) return problem;
  }
  return undefined;
}
