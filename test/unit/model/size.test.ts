import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../src/model/size.js';

describe('parseSize', () => {
  it.each([
    ['16MiB', 16 * 1024 * 1024],
    ['512KiB', 524_288],
    ['1k', 1024],
    ['4096', 4096],
    ['1g', 1024 ** 3],
    ['0', 0],
    ['1.5m', 1_572_864],
  ])('%s -> %i', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each(['', 'lots', '16 furlongs', '-1'])('rejects %j', (text) => expect(parseSize(text)).toBeUndefined());
});

describe('parseSize: units are powers of 1024, in any case, with or without B', () => {
  it.each([
    ['7b', 7],
    ['7B', 7],
    ['2kb', 2048],
    ['2KB', 2048],
    ['2kib', 2048],
    ['3M', 3 * 1024 ** 2],
    ['3mb', 3 * 1024 ** 2],
    ['1G', 1024 ** 3],
    ['1GiB', 1024 ** 3],
    ['1gb', 1024 ** 3],
    // a space before the unit, and around the whole
    ['64 MiB', 64 * 1024 ** 2],
    [' 1k ', 1024],
    // a fraction of a byte is dropped
    ['1.5', 1],
    ['0.5k', 512],
    ['1.0001k', 1024],
  ])('%j -> %i', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['1t', '1TiB', '1kk', '1e3', '.5k', '1.', '1,5k', 'k', '1 k b', '0x10', 'Infinity', 'NaN'])(
    'rejects %j',
    (text) => expect(parseSize(text)).toBeUndefined(),
  );
});
