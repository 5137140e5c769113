// A Node builtin module loaded synchronously where it is first needed, or undefined where it cannot be:
// process.getBuiltinModule (Node 20.16, 22.3 and later), else the module's require (the CLI's CommonJS
// chunks have one; the library's bundle makes one, scripts/build.mjs).
// Not through node:module's createRequire, whose load alone costs a relaying run about 0.7 ms.
export function builtinNow<T>(id: string): T | undefined {
  const load = process.getBuiltinModule ?? (typeof require === 'function' ? require : undefined);
  try {
    return load?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}

// os.constants (signal and errno numbers), loaded where first read: a run that reads none (a default run
// whose command exits) spares node:os's load, about 0.3 ms and 16 KB of young generation on Node 22.
let constants: typeof import('node:os').constants | undefined;
export function osConstants(): typeof import('node:os').constants {
  if (constants !== undefined) return constants;
  const os = builtinNow<typeof import('node:os')>('node:os');
  if (os === undefined) throw new Error('node:os cannot be loaded');
  constants = os.constants;
  return constants;
}
