import { describe, expect, it } from 'vitest';
import { redactCommand, redactLine } from '../../../src/command/redact.js';
import { redactShapes } from '../../../src/command/secret-shapes.js';

const GHP = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;

describe('secrets by their shape, whatever names them (the prefix stays)', () => {
  it.each([
    [`token ${GHP} pushed`, 'token ghp_*** pushed'],
    [
      `gho_${'x'.repeat(36)} ghu_${'y'.repeat(36)} ghs_${'z'.repeat(36)} ghr_${'w'.repeat(36)}`,
      'gho_*** ghu_*** ghs_*** ghr_***',
    ],
    [`github_pat_11ABCDEFG0${'a'.repeat(20)}_${'b'.repeat(59)}`, 'github_pat_***'],
    ['glpat-AbCdEfGhIj0123456789', 'glpat-***'],
    ['key AKIAIOSFODNN7EXAMPLE, temp ASIAIOSFODNN7EXAMPLE.', 'key AKIA***, temp ASIA***.'],
    ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-***'],
    ['xoxp-1234-5678-90 xoxa-2-abcdefghij xoxr-abcdefghijkl xoxs-abcdefghijkl', 'xoxp-*** xoxa-*** xoxr-*** xoxs-***'],
    [`npm_${'a1B2'.repeat(9)}`, 'npm_***'],
    [`pypi-AgEIcHlwaS5vcmc${'x'.repeat(60)}`, 'pypi-***'],
    ['AIzaSyA-1234567890abcdefghijklmnopqrstu', 'AIza***'],
    [`sk_live_${'a'.repeat(24)} rk_live_${'b'.repeat(24)}`, 'sk_live_*** rk_live_***'],
    [`hvs.${'C'.repeat(24)}`, 'hvs.***'],
    [
      'jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U;',
      'jwt=eyJ***;',
    ],
    // inside a word: a URL's user, a quoted value, a header of any name
    [`https://x-access-token:${GHP}@github.com/o/r`, 'https://x-access-token:***@github.com/o/r'],
    [`"${GHP}"`, '"ghp_***"'],
    [`X-Custom:${GHP}`, 'X-Custom:ghp_***'],
  ])('%s', (text, expected) => {
    expect(redactLine(text)).toBe(expected);
  });

  it('in the command too, the words the child gets unchanged', () => {
    const command = ['gh', 'api', '-H', `X-Token-Thing: ${GHP}`, `--field=key=AKIAIOSFODNN7EXAMPLE`];
    expect(redactCommand(command)).toEqual(['gh', 'api', '-H', 'X-Token-Thing: ghp_***', '--field=key=AKIA***']);
    expect(command[3]).toContain(GHP);
  });

  // what looks a little like a token but is ordinary text stays
  it.each([
    ['commit 0f3c1e2a7b9d4c559a612d5e8b7f4c10aabbccdd'],
    ['build 0f3c1e2a-7b9d-4c55-9a61-2d5e8b7f4c10 started'],
    ['/home/me/ghp_cache/npm_config/xoxb-dir/eyJ.x.y'],
    ['npm_config_cache=/tmp/npm npm_package_version=1.2.3 npm_lifecycle_event=test'],
    ['ghp_short glpat-short AKIA AKIAshort ASIA12 xoxb-1 npm_abc eyJhbGciOiJIUzI1NiJ9 pypi-short'],
    ['MYAKIAIOSFODNN7EXAMPLE AKIAIOSFODNN7EXAMPLEX'],
    ['the quick brown fox; sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['//src/main:app_deploy.jar --config=remote bazel-out/k8-fastbuild/bin/x'],
  ])('%s', (text) => {
    expect(redactLine(text)).toBe(text);
    expect(redactShapes(text, '***')).toBe(text);
  });
});
