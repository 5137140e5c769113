import { describe, expect, it } from 'vitest';
import * as structured from '../../../../src/model/structured/index.js';
import { MAX_REPORT_BYTES, MAX_REPORT_SHOWN } from '../../../../src/model/structured/report.js';

describe('the report size limit', () => {
  it('is 16 MiB, and says so', () => {
    expect(MAX_REPORT_BYTES).toBe(16 * 1024 * 1024);
    expect(MAX_REPORT_SHOWN).toBe(`${MAX_REPORT_BYTES / 1024 / 1024} MiB`);
  });

  it('the index re-exports the same values', () => {
    expect([structured.MAX_REPORT_BYTES, structured.MAX_REPORT_SHOWN]).toEqual([MAX_REPORT_BYTES, MAX_REPORT_SHOWN]);
  });
});
