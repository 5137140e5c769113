import { builtinNow, osConstants } from '../../model/builtin.js';

// A failed write, as the relays report it: the error's name and the system's words for it.
export interface WriteFailure {
  errno: string;
  message: string;
}

// libuv's table lacks some names (EDQUOT): their words, else the name alone
const WORDS: Readonly<Record<string, string>> = { EDQUOT: 'disk quota exceeded' };

// From an error's code and errno (a negative number, as Node gives it); the code may be libuv's
// "Unknown system error -122" for a name its table lacks, when the name comes from os.constants.
export function writeFailure(code: string | undefined, errno: number | undefined): WriteFailure {
  const named = code !== undefined && /^E[A-Z0-9]+$/.test(code) ? code : errnoName(errno);
  const name = named ?? code ?? 'EIO';
  const words =
    errno === undefined
      ? undefined
      : builtinNow<typeof import('node:util')>('node:util')?.getSystemErrorMap().get(errno)?.[1];
  return { errno: name, message: words ?? WORDS[name] ?? name };
}

function errnoName(errno: number | undefined): string | undefined {
  if (errno === undefined) return undefined;
  return Object.entries(osConstants().errno).find(([, value]) => value === -errno)?.[0];
}

// The failure of an error thrown or passed by a write.
export function failureOf(error: unknown): WriteFailure {
  const { code, errno } = error as NodeJS.ErrnoException;
  return writeFailure(code, errno);
}
