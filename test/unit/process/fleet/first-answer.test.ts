import { describe, expect, it } from 'vitest';
import { firstAnswer } from '../../../../src/process/fleet/first-answer.js';

const later = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));

describe('firstAnswer', () => {
  it('takes the first answer while another candidate never answers; a later answer is discarded', async () => {
    const discarded: string[] = [];
    const never = new Promise<string>(() => undefined);
    const asks: Record<string, () => Promise<string>> = {
      hung: () => never,
      slow: () => later(30, 'slow'),
      quick: () => later(1, 'quick'),
    };
    expect(
      await firstAnswer(
        ['hung', 'slow', 'quick'],
        (c) => asks[c]!(),
        (late) => discarded.push(late),
      ),
    ).toBe('quick');
    await later(60, undefined);
    expect(discarded).toEqual(['slow']);
  });

  it('every candidate failing: the preferred failure, else the last', async () => {
    const refused = new Error('ECONNREFUSED');
    const wrongPass = new Error('WRONGPASS');
    const ask = (c: string) => (c === 'a' ? later(1, wrongPass, true) : later(20, refused, true));
    await expect(
      firstAnswer(
        ['a', 'b'],
        ask,
        () => undefined,
        (e) => e === wrongPass,
      ),
    ).rejects.toBe(wrongPass);
    await expect(firstAnswer(['a', 'b'], ask, () => undefined)).rejects.toBe(refused);
    await expect(firstAnswer([], ask, () => undefined)).rejects.toThrow('nothing to ask');
  });
});
