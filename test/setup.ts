import { afterAll } from 'vitest';
import { removeFileTemps } from './helpers/xrun.js';

// Every test file: the temporary directories made outside its tests (at its top, in beforeAll) are
// removed after it (those made in a test are removed after that test: helpers/xrun.ts, tempDir).
afterAll(removeFileTemps);
