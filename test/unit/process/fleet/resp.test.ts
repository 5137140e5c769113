import { describe, expect, it } from 'vitest';
import { encodeCommand, parseReply, RespError } from '../../../../src/process/fleet/resp.js';

describe('RESP2', () => {
  it('encodes a command as an array of bulk strings (lengths in bytes)', () => {
    expect(encodeCommand(['EVALSHA', 'ab', '0', 'é']).toString()).toBe(
      '*4\r\n$7\r\nEVALSHA\r\n$2\r\nab\r\n$1\r\n0\r\n$2\r\né\r\n',
    );
  });

  it('parses each kind of reply and says where the next begins', () => {
    const buf = Buffer.from(
      '+OK\r\n:42\r\n$-1\r\n*3\r\n$5\r\nhello\r\n:1\r\n*1\r\n-ERR inner\r\n-NOSCRIPT No matching script\r\n',
    );
    const replies = [];
    for (let at = 0, r = parseReply(buf, 0); r; at = r[1], r = parseReply(buf, at)) replies.push(r[0]);
    expect(replies.slice(0, 3)).toEqual(['OK', 42, null]);
    expect(replies[3]).toEqual(['hello', 1, [new RespError('ERR inner')]]);
    expect(replies[4]).toBeInstanceOf(RespError);
    expect((replies[4] as RespError).message).toBe('NOSCRIPT No matching script');
  });

  it('a reply not all there yet is undefined, at any cut', () => {
    const whole = Buffer.from('*2\r\n$3\r\nabc\r\n:7\r\n');
    for (let cut = 0; cut < whole.length; cut += 1) expect(parseReply(whole.subarray(0, cut), 0)).toBeUndefined();
    expect(parseReply(whole, 0)).toEqual([['abc', 7], whole.length]);
  });

  it('a byte that starts no reply is a protocol error', () => {
    expect(() => parseReply(Buffer.from('HTTP/1.1 400\r\n'), 0)).toThrow('not a RESP reply');
  });
});
