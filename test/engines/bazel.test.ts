import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesReady, xrunLines } from '../helpers/engines.js';
import { runXrun, tempDir } from '../helpers/xrun.js';

// Real bazel (Debian's bazel-bootstrap) in a workspace made by test/fixtures/bazel-workspace.sh.
// Bazel prints sandbox debug lines on stderr: assertions look at exit codes and xrun's own lines.
const WORKSPACE_SCRIPT = fileURLToPath(new URL('../fixtures/bazel-workspace.sh', import.meta.url));
const ready = enginesReady('bazel engine tests', ['bazel']);
let dir = '';
let workspace = '';

const bazel = (xrunArgs: string[], ...args: string[]) =>
  runXrun([...xrunArgs, '--', 'bazel', ...args], { cwd: workspace });

describe.runIf(ready)('real bazel', () => {
  beforeAll(() => {
    dir = tempDir('xrun-bazel-');
    workspace = join(dir, 'ws');
    const made = spawnSync('bash', [WORKSPACE_SCRIPT, workspace], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    // a server and output tree of our own, removed afterwards; an abandoned server exits by itself
    appendFileSync(
      join(workspace, '.bazelrc'),
      `startup --output_user_root=${join(dir, 'root')}\nstartup --max_idle_secs=300\n`,
    );
  });
  afterAll(() => {
    if (workspace) spawnSync('bazel', ['shutdown'], { cwd: workspace });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['build //:ok', ['build', '//:ok'], 0, 0],
    ['build //:fail', ['build', '//:fail'], 1, 3],
    ['build --nosuchflag', ['build', '--nosuchflag', '//:ok'], 2, 3],
    ['test //:fail_test', ['test', '//:fail_test'], 3, 32],
    ['test //empty:all', ['test', '//empty:all'], 4, 64],
    // bazel query: 3 is a partial result under --keep_going (a user error, not a test failure), 7 a failed query
    ['query --keep_going with a missing target', ['query', '--keep_going', '//:ok + //nosuch:x'], 3, 3],
    ['query of a missing package', ['query', '//nosuch:x'], 7, 3],
  ] as const)('bazel %s: exact exit code and --normalize code (%j, %i, %i)', async (_name, args, code, normalized) => {
    const raw = await bazel([], ...args);
    expect(raw.code).toBe(code);
    expect(xrunLines(raw.stderr)).toEqual([]);
    expect((await bazel(['--normalize'], ...args)).code).toBe(normalized);
  });

  it('--retry-busy retries 9 (LOCK_HELD_NOBLOCK_FOR_LOCK) until the other build ends', async () => {
    const slow = spawn('bazel', ['build', '//:slow'], { cwd: workspace, stdio: ['ignore', 'ignore', 'pipe'] });
    let slowErr = '';
    slow.stderr.on('data', (c: Buffer) => (slowErr += c.toString()));
    const slowDone = new Promise<number | null>((resolve) => slow.on('close', resolve));
    // the server lock is held from the start of the command; the 15 s action starts after analysis
    await new Promise<void>((resolve) => {
      const check = () => (/Analyzed target \/\/:slow/.test(slowErr) ? resolve() : setTimeout(check, 50));
      check();
    });
    const r = await bazel(
      ['--retry-busy', '--delay', '500ms', '--attempts', '40'],
      '--noblock_for_lock',
      'build',
      '//:ok',
    );
    expect(await slowDone).toBe(0);
    expect(r.code).toBe(0);
    const retries = xrunLines(r.stderr).slice(0, -1);
    expect(retries.length).toBeGreaterThanOrEqual(1);
    expect(xrunLines(r.stderr).at(-1)).toMatch(
      /^xrun: bazel succeeded on attempt \d+ of 40, flaky: it survived \d+ failures? \(LOCK_HELD/,
    );
    for (const line of retries) {
      expect(line).toMatch(
        /^xrun: bazel exited 9 \(LOCK_HELD_NOBLOCK_FOR_LOCK: another command holds the server lock \(--noblock_for_lock\)\); attempt \d+ of 40 in [\d.]+m?s$/,
      );
    }
    expect(r.stderr.toString()).toMatch(/Another command \(pid=\d+\) is running\. Exiting immediately\./);
  });

  it('--structured: the build event file names the failure; a bad flag writes no finished event, said once', async () => {
    const report = join(dir, 'structured-report.json');
    const failed = await bazel(['--structured', '--report', report], 'build', '//:fail');
    expect(failed.code).toBe(1);
    expect(xrunLines(failed.stderr)).toEqual([]);
    const [attempt] = JSON.parse(readFileSync(report, 'utf8')).attempts;
    expect(attempt.structured).toEqual({
      format: 'bazel-bep',
      code: 1,
      name: 'BUILD_FAILURE',
      detail: expect.stringMatching(/^spawn\.NON_ZERO_EXIT: /),
      decided: true,
    });
    expect(attempt.classification).toMatchObject({
      category: 'user',
      name: 'BUILD_FAILURE',
      meaning: expect.stringMatching(/^the build failed \(spawn\.NON_ZERO_EXIT: /),
    });
    const badFlag = await bazel(['--structured'], 'build', '--nosuchflag', '//:ok');
    expect(badFlag.code).toBe(2);
    expect(xrunLines(badFlag.stderr)).toEqual([
      "xrun: bazel's build event file could not be used (no finished event); classified by the exit code",
    ]);
  });

  it('--structured with TMPDIR=/nonexistent: the build event file goes to the runtime directory and is read', async () => {
    const runtime = tempDir('xrun-bazel-runtime-');
    try {
      const report = join(dir, 'structured-tmpdir-report.json');
      const r = await runXrun(['--structured', '--report', report, '--', 'bazel', 'build', '//:fail'], {
        cwd: workspace,
        env: { TMPDIR: '/nonexistent', XDG_RUNTIME_DIR: runtime },
      });
      expect(r.code).toBe(1);
      expect(xrunLines(r.stderr)).toEqual([
        `xrun: cannot make temporary files in "/nonexistent" (ENOENT); using ${JSON.stringify(runtime)}`,
      ]);
      const [attempt] = JSON.parse(readFileSync(report, 'utf8')).attempts;
      expect(attempt.structured).toMatchObject({ format: 'bazel-bep', code: 1, name: 'BUILD_FAILURE', decided: true });
      expect(readdirSync(runtime)).toEqual([]);
    } finally {
      rmSync(runtime, { recursive: true, force: true });
    }
  });

  // bazelbuild/bazel#30954: a SIGKILLed client leaves its server running the command, and the next
  // client waits for it on the server. --signal KILL makes the kill certain (bazel's default stop,
  // SIGINT, cancels gracefully and leaves nothing behind).
  it('a client killed on --timeout: xrun stops its server, and the retry does not wait out the 300 s action', {
    timeout: 400_000,
  }, async () => {
    const mark = join(dir, 'hang-mark');
    const started = Date.now();
    const r = await bazel(
      [
        '--timeout',
        '60s',
        '--signal',
        'KILL',
        '--kill-after',
        '5s',
        '--retry-on',
        'timeout',
        '--attempts',
        '2',
        '--delay',
        '0',
      ],
      'build',
      `--action_env=XRUN_MARK=${mark}`,
      '//:hang',
    );
    const elapsedMs = Date.now() - started;
    expect(r.code, r.stderr.toString()).toBe(0);
    // the first attempt got as far as the action
    expect(existsSync(mark)).toBe(true);
    const lines = xrunLines(r.stderr);
    expect(lines[0]).toMatch(/^xrun: stopped the bazel server \(pid \d+\) still running the command xrun killed/);
    expect(lines[1]).toMatch(
      /^xrun: bazel timed out after 1m; attempt 2 of 2 in 0ms$|^xrun: bazel timed out after 1m \(/,
    );
    expect(lines.at(-1)).toMatch(/^xrun: bazel succeeded on attempt 2 of 2/);
    // without the stop the retry waits until the action's sleep ends, 300 s after it began
    expect(elapsedMs).toBeLessThan(200_000);
  });
});
