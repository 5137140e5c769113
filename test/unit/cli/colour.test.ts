import { describe, expect, it } from 'vitest';
import { askCi, ciKind, ciRendersColour, colourChoice, mayBeNamedCi, paint } from '../../../src/cli/colour.js';

describe('colour and the CI', () => {
  it('picks the CI from ci-info, GitHub first', () => {
    expect(ciKind({ GITHUB_ACTIONS: true, GITLAB: false })).toBe('github');
    expect(ciKind({ GITHUB_ACTIONS: false, GITLAB: true })).toBe('gitlab');
    expect(ciKind({ GITHUB_ACTIONS: false, GITLAB: false })).toBe('none');
  });

  it('ci-info could name a CI only with GITHUB_ACTIONS or GITLAB_CI set', () => {
    expect(mayBeNamedCi({})).toBe(false);
    expect(mayBeNamedCi({ GITHUB_ACTIONS: '' })).toBe(false);
    expect(mayBeNamedCi({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(mayBeNamedCi({ GITLAB_CI: 'true' })).toBe(true);
  });

  describe('askCi', () => {
    it('is none unless wanted and the variables could name a CI; then ci-info names it', async () => {
      expect(await askCi(false, { GITHUB_ACTIONS: 'true' })).toBe('none');
      expect(await askCi(true, {})).toBe('none');
      // ci-info reads process.env when it loads: the vitest worker is taken as it is
      const info = (await import('ci-info')).default;
      expect(await askCi(true, { GITHUB_ACTIONS: 'true' })).toBe(ciKind(info));
    });
  });

  // [mode, stderr is a terminal, environment, decision]: --color, then NO_COLOR, FORCE_COLOR, the terminal, the CI
  it.each([
    ['always', false, { NO_COLOR: '1' }, true],
    ['always', undefined, { FORCE_COLOR: '0' }, true],
    ['never', true, { FORCE_COLOR: '1' }, false],
    ['never', true, {}, false],
    ['auto', true, {}, true],
    ['auto', true, { NO_COLOR: '' }, true],
    ['auto', true, { NO_COLOR: '1' }, false],
    ['auto', true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['auto', false, { FORCE_COLOR: '1' }, true],
    ['auto', false, { FORCE_COLOR: '3' }, true],
    ['auto', false, { FORCE_COLOR: 'true' }, true],
    ['auto', true, { FORCE_COLOR: '0' }, false],
    ['auto', true, { FORCE_COLOR: 'false' }, false],
    ['auto', true, { FORCE_COLOR: 'FALSE' }, false],
    ['auto', false, { FORCE_COLOR: '' }, 'ci'],
    ['auto', false, {}, 'ci'],
    ['auto', undefined, {}, 'ci'],
  ] as const)('--color %s, terminal %s, %j: %s', (mode, isTTY, env, decision) => {
    expect(colourChoice(mode, isTTY, env)).toBe(decision);
  });

  it("the CI's say: GitHub's and GitLab's logs render colour, elsewhere none; paint", () => {
    expect([ciRendersColour('github'), ciRendersColour('gitlab'), ciRendersColour('none')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(paint('x', true)).toBe('\x1b[33mx\x1b[39m');
    expect(paint('x', false)).toBe('x');
  });
});
