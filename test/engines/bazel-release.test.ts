import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { enginesReady } from '../helpers/engines.js';
import { runXrun, tempDir } from '../helpers/xrun.js';

const ready = enginesReady('bazel release tests', ['bazel']);

// A wrapper run with --tool bazel: `--version` is the real bazel's answer (logged, to count it), any
// other command exits with $CODE as a bazel would. The installed bazel (Debian's 4.2.3) says
// `bazel no_version`, so its release is unknown here.
function wrapper(code: number) {
  const dir = tempDir('xrun-bazel-');
  const log = join(dir, 'versions');
  const script = join(dir, 'bazel-wrapper');
  writeFileSync(
    script,
    `#!/bin/sh\nif [ "$1" = --version ]; then echo x >> '${log}'; exec bazel --version; fi\nexit ${code}\n`,
  );
  chmodSync(script, 0o755);
  const asked = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0);
  return { dir, script, asked };
}

describe.runIf(ready)("bazel's 39 and 48 by release, asking the real bazel", () => {
  it('39: the real bazel names no release (no_version): REMOTE_CACHE_EVICTED stands, the meaning names bazel before 6.1.0', async () => {
    const w = wrapper(39);
    const report = join(w.dir, 'r.json');
    const env = { XRUN_CACHE_DIR: join(w.dir, 'cache') };
    const r = await runXrun(['--tool', 'bazel', '--report', report, '--', w.script, 'build', '//...'], { env });
    expect(r.code).toBe(39);
    const [attempt] = JSON.parse(readFileSync(report, 'utf8')).attempts;
    expect(attempt.classification).toMatchObject({ name: 'REMOTE_CACHE_EVICTED', category: 'infra' });
    expect(attempt.classification.meaning).toBe(
      'blobs were evicted from the remote cache (release unknown; before 6.1.0: NotABazelCode)',
    );
    expect(attempt.release).toEqual({ version: null, range: null });
    expect(w.asked()).toBe(1);
    // the answer is kept: asked once per binary
    await runXrun(['--tool', 'bazel', '--', w.script, 'build', '//...'], { env });
    expect(w.asked()).toBe(1);
  });

  it('a code that does not depend on the release (37) or a success does not ask', async () => {
    for (const code of [0, 37]) {
      const w = wrapper(code);
      const r = await runXrun(['--tool', 'bazel', '--', w.script, 'build'], {
        env: { XRUN_CACHE_DIR: join(w.dir, 'cache') },
      });
      expect(r.code).toBe(code);
      expect(w.asked()).toBe(0);
    }
  });
});
