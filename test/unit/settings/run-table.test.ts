import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/model/duration.js';
import { parseSize } from '../../../src/model/size.js';
import {
  isNegated,
  KIND_JSON,
  RUN_SETTING,
  RUN_SETTINGS,
  SETTING_KEYS,
  type SettingKey,
} from '../../../src/settings/run-table.js';

describe('the settings table as a run reads it (settings/run-table.ts)', () => {
  it('one row per key, flag and variable; each variable is XRUN_ and the key in upper snake case', () => {
    const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;
    expect(unique(RUN_SETTINGS.map((r) => r.key))).toBe(true);
    expect(unique(RUN_SETTINGS.map((r) => r.flag.long))).toBe(true);
    expect(unique(RUN_SETTINGS.map((r) => r.env))).toBe(true);
    for (const row of RUN_SETTINGS) expect(row.env).toMatch(/^XRUN_[A-Z0-9_]+$/);
    expect(RUN_SETTING.retryBusy.env).toBe('XRUN_RETRY_BUSY');
    expect(SETTING_KEYS).toEqual(RUN_SETTINGS.map((r) => r.key));
  });

  it("a choice's words are the ones buildPlan accepts; a choice is a string in a config file", () => {
    const choices = RUN_SETTINGS.filter((r) => r.kind === 'choice').map((r) => [
      r.key,
      (r as { values?: unknown }).values,
    ]);
    expect(choices).toEqual([
      ['backoff', ['exponential', 'linear', 'fixed']],
      ['jitter', ['full', 'equal', 'decorrelated', 'none']],
      ['color', ['auto', 'always', 'never']],
    ]);
    expect(KIND_JSON.choice).toBe('string');
  });

  it('a default kept as a number reads back from its text to that number', () => {
    const defaults = RUN_SETTINGS.map((r) => [r.key, r.default] as const).filter(([, d]) => d !== undefined);
    let withNumbers = 0;
    for (const [key, d] of defaults as [SettingKey, { value?: string | boolean; ms?: number; bytes?: number }][]) {
      if (d.ms !== undefined) {
        withNumbers += 1;
        expect([key, parseDuration(String(d.value))]).toEqual([key, { ok: true, ms: d.ms }]);
      }
      if (d.bytes !== undefined) {
        withNumbers += 1;
        expect([key, parseSize(String(d.value))]).toEqual([key, d.bytes]);
      }
    }
    // --kill-after, --stdin-buffer and the fleet's durations at least
    expect(withNumbers).toBeGreaterThanOrEqual(3);
  });

  it('a --no- flag is a negation; others are not', () => {
    expect(RUN_SETTINGS.filter(isNegated).map((r) => r.flag.long)).toEqual(['--no-queue']);
    expect(isNegated(RUN_SETTING.retryBusy)).toBe(false);
  });
});
