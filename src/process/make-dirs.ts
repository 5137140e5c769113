import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

// Makes `path` and its missing parents, one level at a time. Node's own `recursive: true` spins forever
// where a parent answers ENOENT to mkdir but exists (under /proc), so xrun never uses it on a user's path.
export function makeDirectories(path: string, mode = 0o700): void {
  const missing: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      mkdirSync(at, { mode });
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || dirname(at) === at || missing.length >= MAX_LEVELS) throw error;
      missing.push(at);
    }
  }
  for (const level of missing.reverse()) mkdirSync(level, { mode });
}

// Deeper than any real cache path; a bound keeps a path that never resolves from looping.
const MAX_LEVELS = 64;
