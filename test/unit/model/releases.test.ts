import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../src/model/classify.js';
import { needsRelease, parseRelease, releasesNote, withRelease } from '../../../src/model/releases.js';
import { models } from '../../../src/model/tools/index.js';

describe('the release a tool says it is', () => {
  it.each<['buck2' | 'bazel', string, string | undefined]>([
    ['buck2', 'buck2 2025-09-15-72df3e3ffd0000000000000000000000000000\n', '2025-09-15'],
    // a build from source (or a release before 2025-04-01): a hash and its kind, no release
    ['buck2', 'buck2 3f9c2d1e8b7a6f5e4d3c2b1a0f9e8d7c <build-id>\n', undefined],
    ['bazel', 'bazel 7.4.1\n', '7.4.1'],
    ['bazel', 'bazel 6.1.0rc2\n', undefined],
    // the Debian package on the test machine (4.2.3) says no version
    ['bazel', 'bazel no_version\n', undefined],
  ])('%s: %j', (tool, output, release) => {
    expect(parseRelease(tool, output)).toBe(release);
  });
});

describe('codes whose meaning changed between releases', () => {
  const buck2 = (code: number) => classifyExitCode(models.buck2, code);
  const bazel = (code: number) => classifyExitCode(models.bazel, code);

  it('are the only ones looked up: buck2 130 and 141, bazel 39 and 48; not a passthrough (buck2 run)', () => {
    expect([130, 141, 2, 3].map((c) => needsRelease(buck2(c)))).toEqual([true, true, false, false]);
    expect([39, 48, 45, 37].map((c) => needsRelease(bazel(c)))).toEqual([true, true, false, false]);
    expect(needsRelease(classifyExitCode(models.buck2, 130, '', ['run']))).toBe(false);
  });

  it('buck2 130 before 2023-11-01 was SIGINT (an interrupt), from then SIGPIPE; 141 the other way', () => {
    expect(withRelease(buck2(130), '2023-10-15')).toMatchObject({
      name: 'SignalInterrupt',
      signal: 'SIGINT',
      normalizedCode: 130,
      release: { version: '2023-10-15', range: 'up to 2023-10-15' },
    });
    expect(withRelease(buck2(130), '2023-11-01')).toMatchObject({
      name: 'ClientIoBrokenPipe',
      signal: 'SIGPIPE',
      release: { range: '2023-11-01 and later' },
    });
    expect(withRelease(buck2(141), '2023-07-15')).toMatchObject({
      name: 'ClientIoBrokenPipe',
      signal: 'SIGPIPE',
      normalizedCode: 141,
    });
    expect(withRelease(buck2(141), '2026-08-01')).toMatchObject({ name: 'SignalInterrupt', signal: 'SIGINT' });
  });

  it('an unknown release keeps the model reading (the newest) and names the other', () => {
    const c = withRelease(buck2(130), undefined);
    expect(c).toMatchObject({ name: 'ClientIoBrokenPipe', signal: 'SIGPIPE', release: { version: null, range: null } });
    expect(c.meaning).toMatch(/\(release unknown; up to 2023-10-15: SignalInterrupt\)$/);
  });

  it('bazel 39 is REMOTE_CACHE_EVICTED from 6.1.0, not a bazel code before; 48 not one in 4.2.3', () => {
    expect(withRelease(bazel(39), '6.1.0')).toMatchObject({ name: 'REMOTE_CACHE_EVICTED', category: 'infra' });
    expect(withRelease(bazel(39), '6.0.0')).toMatchObject({
      name: 'NotABazelCode',
      category: 'failure',
      normalizedCode: 1,
    });
    expect(withRelease(bazel(48), '4.2.3')).toMatchObject({ name: 'NotABazelCode' });
    expect(withRelease(bazel(48), '7.0.0')).toMatchObject({ name: 'EXTERNAL_DEPS_ERROR', category: 'infra' });
  });

  it('explain lists each meaning with its releases', () => {
    expect(releasesNote('buck2', 130)).toBe(
      '2023-11-01 and later: ClientIoBrokenPipe (SIGPIPE); up to 2023-10-15: SignalInterrupt (SIGINT); a run asks `buck2 --version` when it sees 130 (cached per binary)',
    );
    expect(releasesNote('bazel', 45)).toBeUndefined();
  });
});
