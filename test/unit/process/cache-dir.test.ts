import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { xrunCacheDir } from '../../../src/process/cache-dir.js';

describe('xrunCacheDir', () => {
  it.each([
    [{ XRUN_CACHE_DIR: '/x', XDG_CACHE_HOME: '/c', HOME: '/h' }, '/x'],
    [{ XDG_CACHE_HOME: '/c', HOME: '/h' }, '/c/xrun'],
    [{ HOME: '/h' }, '/h/.cache/xrun'],
    [{ XRUN_CACHE_DIR: '', XDG_CACHE_HOME: '', HOME: '/h' }, '/h/.cache/xrun'],
    [{}, `${homedir()}/.cache/xrun`],
    [{ HOME: '' }, `${homedir()}/.cache/xrun`],
  ])('%j: %s', (env, dir) => {
    expect(xrunCacheDir(env)).toBe(dir);
  });
});
