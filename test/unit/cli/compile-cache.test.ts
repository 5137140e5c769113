import module from 'node:module';
import { homedir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { enableCompileCache } from '../../../src/cli/compile-cache.js';

type CacheModule = { enableCompileCache?: ((directory: string) => unknown) | undefined };
const node = module as CacheModule;
const real = node.enableCompileCache;
// a release that has the call (the suite itself may run on Node 20, whose node:module has none)
const NODE_22 = '22.12.0';

// Node's call replaced by one that records the directory asked for (or throws, or is absent).
function stubEnable(behaviour: 'record' | 'throw' | 'absent' = 'record'): string[] {
  const asked: string[] = [];
  node.enableCompileCache =
    behaviour === 'absent'
      ? undefined
      : (directory: string) => {
          asked.push(directory);
          if (behaviour === 'throw') throw new Error('EACCES');
        };
  return asked;
}

describe("Node's compile cache in xrun's cache directory (cli/compile-cache.ts)", () => {
  afterEach(() => {
    node.enableCompileCache = real;
  });

  it.each([
    [{ XRUN_CACHE_DIR: '/c/x', XDG_CACHE_HOME: '/xdg', HOME: '/h' }, '/c/x/compile'],
    [{ XDG_CACHE_HOME: '/xdg', HOME: '/h' }, '/xdg/xrun/compile'],
    [{ HOME: '/h' }, '/h/.cache/xrun/compile'],
    // empty is unset, as for the shell; no HOME: the password database's home, never a made-up path
    [{ XRUN_CACHE_DIR: '', XDG_CACHE_HOME: '', HOME: '/h' }, '/h/.cache/xrun/compile'],
    [{}, `${homedir()}/.cache/xrun/compile`],
  ])('%j: %s', (env, directory) => {
    const asked = stubEnable();
    enableCompileCache(env, NODE_22);
    expect(asked).toEqual([directory]);
  });

  it("NODE_COMPILE_CACHE set: the user's choice stands, xrun asks for none", () => {
    const asked = stubEnable();
    enableCompileCache({ NODE_COMPILE_CACHE: '/theirs', HOME: '/h' }, NODE_22);
    expect(asked).toEqual([]);
  });

  it('a Node without it, or a directory that cannot be used: nothing happens, nothing is thrown', () => {
    stubEnable('absent');
    expect(() => enableCompileCache({ HOME: '/h' }, NODE_22)).not.toThrow();
    const asked = stubEnable('throw');
    expect(() => enableCompileCache({ HOME: '/h' }, NODE_22)).not.toThrow();
    expect(asked).toEqual(['/h/.cache/xrun/compile']);
  });

  it.each(['20.20.2', '21.7.3', '22.0.0'])(
    'Node %s has no compile cache: xrun does not ask, even where node:module offers the call',
    (version) => {
      const asked = stubEnable();
      enableCompileCache({ HOME: '/h' }, version);
      expect(asked).toEqual([]);
    },
  );

  it.each(['22.1.0', '23.0.0', '24.11.1'])('Node %s has it', (version) => {
    const asked = stubEnable();
    enableCompileCache({ HOME: '/h' }, version);
    expect(asked).toEqual(['/h/.cache/xrun/compile']);
  });
});
