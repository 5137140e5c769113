import { describe, expect, it } from 'vitest';
import { BUCK2_RANKED_TAGS } from '../../../../src/model/tools/buck2-tags.js';

// the tags in rank order, each with its tier
const ranked = BUCK2_RANKED_TAGS.flatMap(([tier, tags]) => tags.map((tag) => ({ tag, tier })));
const rankOf = (tag: string) => ranked.findIndex((r) => r.tag === tag);
const tierOf = (tag: string) => ranked.find((r) => r.tag === tag)?.tier;

describe("buck2's ranked error tags (model/tools/buck2-tags.ts)", () => {
  it("every tag is ranked once, spelled as buck2's error.proto spells it", () => {
    expect(new Set(ranked.map((r) => r.tag)).size).toBe(ranked.length);
    expect(ranked.length).toBe(261);
    for (const { tag } of ranked) expect(tag).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('runs of one tier are one group: neighbouring groups differ in tier', () => {
    const tiers = BUCK2_RANKED_TAGS.map(([tier]) => tier);
    for (let i = 1; i < tiers.length; i++) expect(tiers[i], `group ${i}`).not.toBe(tiers[i - 1]);
  });

  it('ranks as classify.rs does: environment first, then tier0, then input, with its exceptions', () => {
    expect(ranked[0]).toEqual({ tag: 'NO_VALID_CERTS', tier: 'environment' });
    expect(ranked.at(-1)).toEqual({ tag: 'INPUT', tier: 'input' });
    expect(tierOf('DAEMON_OOM_KILLED')).toBe('environment');
    expect(tierOf('SERVER_PANICKED')).toBe('tier0');
    expect(tierOf('ACTION_COMMAND_FAILURE')).toBe('input');
    expect(rankOf('DAEMON_OOM_KILLED')).toBeLessThan(rankOf('SERVER_PANICKED'));
    expect(rankOf('SERVER_PANICKED')).toBeLessThan(rankOf('ACTION_COMMAND_FAILURE'));
    // an input tag ranked among the tier0 ones
    expect(tierOf('DECLARED_ARTIFACT_NOT_FOUND')).toBe('input');
    expect(rankOf('RE_INVALID_ARGUMENT')).toBeLessThan(rankOf('DECLARED_ARTIFACT_NOT_FOUND'));
    expect(rankOf('DECLARED_ARTIFACT_NOT_FOUND')).toBeLessThan(rankOf('RE_NOT_FOUND'));
  });

  it('leaves out the tags of no tier: they decide nothing', () => {
    for (const tag of ['CLIENT_GRPC', 'IO_NOT_FOUND', 'ANALYSIS']) expect(tierOf(tag), tag).toBeUndefined();
  });
});
