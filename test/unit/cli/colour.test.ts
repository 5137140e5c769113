import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askCi, ciKind, ciRendersColour, colourChoice, mayBeNamedCi, paint } from '../../../src/cli/colour.js';
import { runModuleChild } from '../../helpers/module-child.js';
import { plainEnv, tempDir } from '../../helpers/xrun.js';

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
    it('is none unless wanted and the variables could name a CI, without loading ci-info', async () => {
      expect(await askCi(false, { GITHUB_ACTIONS: 'true' })).toBe('none');
      expect(await askCi(true, {})).toBe('none');
    });

    // ci-info reads the process's own environment when it loads: a process of its own for each CI
    it.each([
      [{ GITHUB_ACTIONS: 'true', CI: 'true' }, 'github'],
      [{ GITLAB_CI: 'true', CI: 'true' }, 'gitlab'],
    ])('in %j, wanted, ci-info names it: %s; not wanted, none', async (env, kind) => {
      const dir = tempDir('xrun-ci-');
      await runModuleChild(
        `import { writeFileSync } from 'node:fs';
         import { askCi } from './src/cli/colour.js';
         Promise.all([askCi(true, process.env), askCi(false, process.env)]).then((kinds) => writeFileSync('kinds', JSON.stringify(kinds)));`,
        { cwd: dir, env: { ...plainEnv(), ...env } },
      );
      expect(JSON.parse(readFileSync(join(dir, 'kinds'), 'utf8'))).toEqual([kind, 'none']);
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
