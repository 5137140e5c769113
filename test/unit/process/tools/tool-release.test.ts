import { chmodSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolReleaseFinder } from '../../../../src/process/tools/tool-release.js';
import { tempDir } from '../../../helpers/xrun.js';

// A fake `bazel` on PATH that says `version` (or fails with `fails`), counting its --version calls.
function fakeBazel(version: string, options: { fails?: boolean } = {}) {
  const dir = tempDir('xrun-release-');
  const bin = join(dir, 'bin');
  const calls = join(dir, 'calls');
  const script = `#!/bin/sh\necho "$@" >> ${calls}\n${options.fails ? 'exit 2' : `echo "${version}"`}\n`;
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'bazel'), script);
  chmodSync(join(bin, 'bazel'), 0o755);
  const env = { PATH: `${bin}:/usr/bin:/bin`, XRUN_CACHE_DIR: join(dir, 'cache') };
  const count = () => (existsSync(calls) ? readFileSync(calls, 'utf8').split('\n').filter(Boolean).length : 0);
  return { bin, env, count, cacheFile: join(dir, 'cache', 'tool-releases.json') };
}

describe("the tool's release, from --version, cached per binary (tools/tool-release.ts)", () => {
  it('runs `<tool> --version` once per finder and reads the release from it', async () => {
    const fake = fakeBazel('bazel 7.4.1');
    const find = toolReleaseFinder('bazel', ['bazel', 'build', '//...'], fake.env);
    expect(await find()).toBe('7.4.1');
    expect(await find()).toBe('7.4.1');
    expect(fake.count()).toBe(1);
    expect(readFileSync(join(fake.bin, '..', 'calls'), 'utf8')).toBe('--version\n');
  });

  it("a later run's finder reads the cache file: no --version again, until the binary changes", async () => {
    const fake = fakeBazel('bazel 6.5.0');
    expect(await toolReleaseFinder('bazel', ['bazel', 'test'], fake.env)()).toBe('6.5.0');
    expect(Object.values(JSON.parse(readFileSync(fake.cacheFile, 'utf8')) as object)).toEqual(['6.5.0']);
    expect(await toolReleaseFinder('bazel', ['bazel', 'test'], fake.env)()).toBe('6.5.0');
    expect(fake.count()).toBe(1);
    // a new binary (another mtime) is asked again
    utimesSync(join(fake.bin, 'bazel'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(await toolReleaseFinder('bazel', ['bazel', 'test'], fake.env)()).toBe('6.5.0');
    expect(fake.count()).toBe(2);
  });

  it('through env and other prefixes, the tool is the binary asked', async () => {
    const fake = fakeBazel('bazel 8.0.0');
    expect(await toolReleaseFinder('bazel', ['env', 'A=1', 'bazel', 'build'], fake.env)()).toBe('8.0.0');
  });

  it('output it cannot read is cached as none; a failed --version is not cached', async () => {
    const odd = fakeBazel('bazel development version');
    expect(await toolReleaseFinder('bazel', ['bazel', 'build'], odd.env)()).toBeUndefined();
    expect(await toolReleaseFinder('bazel', ['bazel', 'build'], odd.env)()).toBeUndefined();
    expect(odd.count()).toBe(1);
    const failing = fakeBazel('', { fails: true });
    expect(await toolReleaseFinder('bazel', ['bazel', 'build'], failing.env)()).toBeUndefined();
    expect(await toolReleaseFinder('bazel', ['bazel', 'build'], failing.env)()).toBeUndefined();
    expect(failing.count()).toBe(2);
    expect(existsSync(failing.cacheFile)).toBe(false);
  });

  it('a command not found has no release, and nothing runs', async () => {
    const fake = fakeBazel('bazel 7.0.0');
    expect(await toolReleaseFinder('bazel', ['no-such-bazel-xrun', 'build'], fake.env)()).toBeUndefined();
    expect(fake.count()).toBe(0);
  });
});
