import * as os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinNow, osConstants } from '../../../src/model/builtin.js';

describe('builtinNow', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('loads a builtin at once, the same module an import gives', () => {
    expect(builtinNow<typeof os>('node:os')?.constants).toBe(os.constants);
  });

  it('is undefined for a name Node does not have', () => {
    expect(builtinNow('node:no-such-module')).toBeUndefined();
  });

  it("without process.getBuiltinModule (Node before 20.16), CommonJS's require loads it", () => {
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    // vitest runs a module with a require, as the CLI's CommonJS bundle has one
    expect(typeof require).toBe('function');
    expect(builtinNow<typeof os>('node:os')?.constants).toBe(os.constants);
  });
});

describe('osConstants', () => {
  it("is node:os's constants, the same object at each call", () => {
    expect(osConstants()).toBe(os.constants);
    expect(osConstants().signals.SIGTERM).toBe(15);
    expect(osConstants()).toBe(osConstants());
  });
});
