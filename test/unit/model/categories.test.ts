import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_CODES,
  CATEGORY_MEANINGS,
  type Category,
  isCategory,
} from '../../../src/model/categories.js';
import { models } from '../../../src/model/tools/index.js';

describe('the categories and their normalized codes (docs/models.md "Categories")', () => {
  it('are these, in this order', () => {
    expect(Object.entries(CATEGORY_CODES)).toEqual([
      ['success', 0],
      ['failure', 1],
      ['infra', 2],
      ['user', 3],
      ['busy', 4],
      ['preempted', 5],
      ['timeout', 6],
      ['connect', 11],
      ['oom', 12],
      ['test-failure', 32],
      ['no-tests', 64],
      ['network', 2],
      ['rate-limit', 2],
      ['daemon-died', 2],
      // 128+N, the signal's number added
      ['signal', 128],
    ]);
    expect(CATEGORIES).toEqual(Object.keys(CATEGORY_CODES));
  });

  it("every code but signal's is one of buck2's documented numbers (docs/exit-codes.md, Buck2), an exit code below 128", () => {
    const buck2 = new Set([0, 1, 2, 3, 4, 5, 6, 11, 12, 32, 64]);
    for (const category of CATEGORIES.filter((c) => c !== 'signal'))
      expect(buck2, category).toContain(CATEGORY_CODES[category]);
  });

  it('each has a meaning of one line', () => {
    expect(Object.keys(CATEGORY_MEANINGS)).toEqual(CATEGORIES);
    for (const category of CATEGORIES) expect(CATEGORY_MEANINGS[category]).toMatch(/^[a-z][^\n]*[^.\s]$/);
  });

  it("each is some tool's reading of a code or a message, or xrun's own (a timeout, a signal death)", () => {
    const used = new Set<Category>(['timeout', 'signal']);
    for (const model of Object.values(models))
      for (const entry of [...model.codes, ...model.rules, model.otherCodes]) used.add(entry.category);
    expect([...used].sort()).toEqual([...CATEGORIES].sort());
  });
});

describe('isCategory', () => {
  it.each(CATEGORIES)('%s is one', (name) => {
    expect(isCategory(name)).toBe(true);
  });

  // names are data: an Object.prototype member is no category
  it.each(['Busy', 'busy ', 'test_failure', '', '2', 'toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    '%j is none',
    (name) => {
      expect(isCategory(name)).toBe(false);
    },
  );
});
