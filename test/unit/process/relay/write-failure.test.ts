import { describe, expect, it } from 'vitest';
import { writeFailure } from '../../../../src/process/relay/write-failure.js';

describe('writeFailure: the name and the words of a failed write', () => {
  it.each([
    ['ENOSPC', -28, { errno: 'ENOSPC', message: 'no space left on device' }],
    ['EPIPE', -32, { errno: 'EPIPE', message: 'broken pipe' }],
    ['EFBIG', -27, { errno: 'EFBIG', message: 'file too large' }],
    // a name libuv's table lacks: from os.constants, with words of xrun's own
    ['Unknown system error -122', -122, { errno: 'EDQUOT', message: 'disk quota exceeded' }],
    [undefined, undefined, { errno: 'EIO', message: 'EIO' }],
  ])('%s (%s): %o', (code, errno, expected) => {
    expect(writeFailure(code, errno)).toEqual(expected);
  });
});
