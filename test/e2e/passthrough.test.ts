import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionNames } from '../../src/cli/argv.js';
import { HAS_PROC, runXrun, tempDir } from '../helpers/xrun.js';

describe('transparent passthrough (built binary)', () => {
  it('passes every exit code 0..255 through exactly, printing nothing of its own', async () => {
    const codes = Array.from({ length: 256 }, (_, i) => i);
    const seen: [number, number | null, string][] = [];
    for (let i = 0; i < codes.length; i += 8) {
      const batch = codes.slice(i, i + 8);
      const results = await Promise.all(batch.map((code) => runXrun(['--', 'sh', '-c', `exit ${code}`])));
      for (const [j, r] of results.entries()) seen.push([batch[j]!, r.code, r.stderr.toString() + r.stdout.toString()]);
    }
    expect(seen).toEqual(codes.map((code) => [code, code, '']));
    // 256 runs: about 35 s alone on two cores, far more when the machine is loaded
  }, 600_000);

  it('stdout and stderr of a large binary output arrive byte for byte', async () => {
    const dir = tempDir();
    const data = randomBytes(8 * 1024 * 1024 + 123);
    writeFileSync(join(dir, 'blob'), data);
    const out = await runXrun(['--', 'cat', join(dir, 'blob')]);
    expect(out.code).toBe(0);
    expect(out.stdout.equals(data)).toBe(true);
    // stderr as is (generic: no message rules) and relayed while its tail is kept (buck2's model, for the report)
    for (const tool of ['generic', 'buck2']) {
      const report = join(dir, `${tool}.json`);
      const err = await runXrun([
        '--report',
        report,
        '--tool',
        tool,
        '--',
        'sh',
        '-c',
        `cat "${join(dir, 'blob')}" >&2; exit 3`,
      ]);
      expect(err.code).toBe(3);
      expect(err.stderr.equals(data)).toBe(true);
      expect(err.stdout.length).toBe(0);
    }
  });

  it.for([
    ['generic', [], true],
    ['bazel', ['--retry-busy'], true],
    ['buck2', ['--retry-busy'], false],
    ['docker', ['--retry-busy'], false],
    ['podman', ['--retry-busy'], false],
    ['docker', ['--normalize'], false],
    ['buck2', ['--map', '3=4'], false],
    ['podman', ['--stop-on', '9'], false],
    // nothing reads what the model makes of the messages: one attempt, the exit status as it is, no report
    ['buck2', [], true],
    ['docker', [], true],
    ['podman', ['--quiet', '--timeout', '1m'], true],
  ] as const)(
    "stderr is xrun's own descriptor unless the tool's model reads it and that counts (--tool %s %j: %s)",
    async ([tool, flags, same], { skip }) => {
      skip(!HAS_PROC, 'needs /proc: the command reads the descriptors there');
      const show = ['sh', '-c', 'readlink /proc/self/fd/2 /proc/$PPID/fd/2'];
      const r = await runXrun([...flags, '--tool', tool, '--', ...show]);
      expect(r.code).toBe(0);
      const [own, xruns] = r.stdout.toString().trimEnd().split('\n');
      // a pipe, or the FIFO xrun relays from (relay/fifo-relay.ts)
      expect(own).toMatch(/^(pipe|socket):\[\d+\]$|\/xrun-relay-\w+\/pipe$|\/fifos\/held-\d+-\d+-\w+$/);
      expect(xruns === own).toBe(same);
    },
  );

  it("a GitHub step summary reports the tool's messages, so they are read: docker's stderr relayed", async ({
    skip,
  }) => {
    skip(!HAS_PROC, 'needs /proc: the command reads the descriptors there');
    const summary = join(tempDir(), 'summary.md');
    const show = ['sh', '-c', 'readlink /proc/self/fd/2 /proc/$PPID/fd/2'];
    const r = await runXrun(['--tool', 'docker', '--', ...show], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    const [own, xruns] = r.stdout.toString().trimEnd().split('\n');
    // the FIFO xrun relays from (relay/fifo-relay.ts), not xrun's own descriptor
    expect(own).toMatch(/\/xrun-relay-\w+\/pipe$|\/fifos\/held-\d+-\d+-\w+$/);
    expect(own).not.toBe(xruns);
  });

  it("stdout is xrun's own descriptor, handed on unread and left blocking", async ({ skip }) => {
    skip(!HAS_PROC, 'needs /proc: the command reads the descriptor and its flags there');
    // the command's fd 1 is the very pipe xrun's fd 1 is (xrun is the command's parent), and the
    // command sees it blocking (no O_NONBLOCK, 04000), as it would without xrun
    const r = await runXrun([
      '--',
      'sh',
      '-c',
      'readlink /proc/self/fd/1 /proc/$PPID/fd/1; grep ^flags /proc/self/fdinfo/1',
    ]);
    expect(r.code).toBe(0);
    const [own, xruns, flags] = r.stdout.toString().trimEnd().split('\n');
    expect(own).toMatch(/^(pipe|socket):\[\d+\]$/);
    expect(xruns).toBe(own);
    expect(Number.parseInt(flags!.replace(/^flags:\s+/, ''), 8) & 0o4000).toBe(0);
  });

  it('stdin reaches the child unchanged, from a pipe and from a file', async () => {
    const input = randomBytes(1024 * 1024);
    const piped = await runXrun(['--', 'cat'], { input });
    expect(piped.stdout.equals(input)).toBe(true);
    const dir = tempDir();
    writeFileSync(join(dir, 'in'), input);
    const fd = openSync(join(dir, 'in'), 'r');
    const fromFile = await runXrun(['--', 'cat'], { stdinFd: fd });
    closeSync(fd);
    expect(fromFile.stdout.equals(input)).toBe(true);
  });

  it('environment and working directory pass through', async () => {
    const dir = tempDir();
    const r = await runXrun(['--', 'sh', '-c', 'printf "%s|%s" "$XRUN_TEST_VALUE" "$(pwd)"'], {
      cwd: dir,
      env: { XRUN_TEST_VALUE: 'a b=c' },
    });
    expect(r.stdout.toString()).toBe(`a b=c|${dir}`);
  });

  it('options after the command belong to the command', async () => {
    const r = await runXrun(['sh', '-c', 'printf "%s," "$@"', 'sh', '--quiet', '--attempts', 'x']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe('--quiet,--attempts,x,');
  });

  it('does not wait for a grandchild that keeps the relayed stderr pipe open', async () => {
    const started = Date.now();
    const report = join(tempDir(), 'report.json');
    const command = ['sh', '-c', 'sleep 30 >/dev/null & echo done >&2; exit 5'];
    const r = await runXrun(['--report', report, '--tool', 'buck2', '--', ...command]);
    expect(r.code).toBe(5);
    expect(r.stderr.toString()).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe("xrun's own failures", () => {
  it.each([
    [['--bogus', 'touch', 'MARKER'], "xrun: unknown option '--bogus'\n"],
    [
      ['--attempts', 'x', '--', 'touch', 'MARKER'],
      "xrun: --attempts: expected a whole number of at least 1, got 'x'\n",
    ],
    [
      ['--retry-on', 'bussy', '--', 'touch', 'MARKER'],
      "xrun: --retry-on: unknown condition 'bussy' (expected an exit code, a range such as 129-192, a signal such as KILL, or one of failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)\n",
    ],
    [['--delay'], "xrun: option '--delay <duration>' argument missing\n"],
    [['--quiet'], 'xrun: no command given (usage: xrun [options] -- command [args...]; xrun --help tells more)\n'],
    [[], 'xrun: no command given (usage: xrun [options] -- command [args...]; xrun --help tells more)\n'],
  ])('usage error %j: 125, one line, nothing started', async (args, message) => {
    const dir = tempDir();
    const r = await runXrun(args, { cwd: dir });
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(message);
    expect(r.stdout.length).toBe(0);
    expect(existsSync(join(dir, 'MARKER'))).toBe(false);
  });

  it('127 when the command is not found', async () => {
    const r = await runXrun(['--', 'xrun-no-such-command']);
    expect(r).toMatchObject({ code: 127 });
    expect(r.stderr.toString()).toBe('xrun: xrun-no-such-command: command not found\n');
  });

  it('126 when the command cannot be executed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'noexec'), '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const r = await runXrun(['--', join(dir, 'noexec')]);
    expect(r.code).toBe(126);
    expect(r.stderr.toString()).toBe(`xrun: ${join(dir, 'noexec')}: cannot execute (EACCES)\n`);
    const asDir = await runXrun(['--', dir]);
    expect(asDir.code).toBe(126);
    expect(asDir.stderr.toString()).toBe(`xrun: ${dir}: Is a directory\n`);
  });

  it("a directory is 126 and bash's words, also in the report", async () => {
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', report, '--', '/etc']);
    expect({ code: r.code, stderr: r.stderr.toString(), stdout: r.stdout.length }).toEqual({
      code: 126,
      stderr: 'xrun: /etc: Is a directory\n',
      stdout: 0,
    });
    const attempt = JSON.parse(readFileSync(report, 'utf8')).attempts[0];
    expect({ outcome: attempt.outcome, name: attempt.classification.name }).toEqual({
      outcome: { kind: 'spawn-error', errno: 'EISDIR', message: 'spawn /etc EISDIR' },
      name: 'CannotExecute',
    });
  });

  it.each([
    [['--tool', 'bazle', '--', 'touch', 'MARKER'], {}, "xrun: --tool: unknown tool 'bazle' (did you mean bazel?)\n"],
    [['--tool', 'dokcer', '--', 'touch', 'MARKER'], {}, "xrun: --tool: unknown tool 'dokcer' (did you mean docker?)\n"],
    [['--tool', 'Buck2', '--', 'touch', 'MARKER'], {}, "xrun: --tool: unknown tool 'Buck2' (did you mean buck2?)\n"],
    [
      ['--tool', 'make', '--', 'touch', 'MARKER'],
      {},
      "xrun: --tool: unknown tool 'make' (expected one of buck2, docker, podman, bazel, generic)\n",
    ],
    [
      ['--', 'touch', 'MARKER'],
      { XRUN_TOOL: 'podmn' },
      "xrun: XRUN_TOOL: unknown tool 'podmn' (did you mean podman?)\n",
    ],
  ])('a mistyped tool %j %j: a suggestion, 125, nothing started', async (args, env, message) => {
    const dir = tempDir();
    const r = await runXrun(args, { cwd: dir, env });
    expect({ code: r.code, stderr: r.stderr.toString(), stdout: r.stdout.length }).toEqual({
      code: 125,
      stderr: message,
      stdout: 0,
    });
    expect(existsSync(join(dir, 'MARKER'))).toBe(false);
  });

  it("a mistyped tool in the config file's tool and tools keys: a suggestion", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'xrun.config.json'), '{"tool": "genric"}');
    const r = await runXrun(['--', 'touch', 'MARKER'], { cwd: dir });
    expect({ code: r.code, stderr: r.stderr.toString() }).toEqual({
      code: 125,
      stderr: "xrun: xrun.config.json: tool: unknown tool 'genric' (did you mean generic?)\n",
    });
    writeFileSync(join(dir, 'xrun.config.json'), '{"tools": {"bazle": {"attempts": 2}}}');
    const tools = await runXrun(['--', 'touch', 'MARKER'], { cwd: dir });
    expect({ code: tools.code, stderr: tools.stderr.toString() }).toEqual({
      code: 125,
      stderr: 'xrun: xrun.config.json: tools.bazle: unknown tool (did you mean bazel?)\n',
    });
    expect(existsSync(join(dir, 'MARKER'))).toBe(false);
  });

  it('--help lists every option with an example; --version prints the version', async () => {
    const help = await runXrun(['--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.toString();
    for (const option of optionNames()) expect(text).toMatch(new RegExp(`^  (-\\w, )?${option}\\b.*e\\.g\\.`, 'm'));
    const version = await runXrun(['--version']);
    expect(version.stdout.toString()).toBe(
      `${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`,
    );
  });
});
