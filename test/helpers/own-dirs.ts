import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tempDir } from './xrun.js';

// Temporary directories of one describe block, each removed after its test: call inside describe.
export function ownTempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = tempDir(prefix);
    made.push(dir);
    return dir;
  };
}
