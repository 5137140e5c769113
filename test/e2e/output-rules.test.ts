import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_PROC, runXrun, tempDir, XRUN_BIN, xrunLines } from '../helpers/xrun.js';

// A generic command that counts its attempts in `dir/n` and prints `failing` (exit 1) until attempt `ok`.
function flaky(dir: string, failing: string, ok: number, stream: 'stdout' | 'stderr' = 'stdout'): string[] {
  const to = stream === 'stderr' ? ' >&2' : '';
  return [
    'sh',
    '-c',
    `n=$(($(cat ${dir}/n 2>/dev/null || echo 0) + 1)); echo $n > ${dir}/n; [ $n -ge ${ok} ] && { echo fine; exit 0; }; echo '${failing}'${to}; exit 1`,
  ];
}
const attemptsIn = (dir: string) => Number(readFileSync(join(dir, 'n'), 'utf8'));

describe('output rules (built binary)', () => {
  it('retries a generic command whose stdout says "connection reset", then it succeeds', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--retry-on-output',
      'connection reset',
      '--delay',
      '0',
      '--',
      ...flaky(dir, 'read: connection reset by peer', 3),
    ]);
    expect(r.code).toBe(0);
    expect(attemptsIn(dir)).toBe(3);
    // stdout handed on whole, every attempt's
    expect(r.stdout.toString()).toBe('read: connection reset by peer\nread: connection reset by peer\nfine\n');
    expect(xrunLines(r.stderr)).toEqual([
      'xrun: sh exited 1 (Failure: the command failed); attempt 2 of 5 in 0ms',
      'xrun: sh exited 1 (Failure: the command failed); attempt 3 of 5 in 0ms',
      'xrun: sh succeeded on attempt 3 of 5, flaky: it survived 2 failures (Failure, Failure)',
    ]);
  });

  it('matches stderr too, for a generic command (whose stderr is otherwise not read)', async () => {
    const dir = tempDir();
    const r = await runXrun([
      '--retry-on-output',
      'ECONN(RESET|REFUSED)',
      '--delay',
      '0',
      '--',
      ...flaky(dir, 'ECONNREFUSED', 2, 'stderr'),
    ]);
    expect(r.code).toBe(0);
    expect(attemptsIn(dir)).toBe(2);
    expect(r.stderr.toString().startsWith('ECONNREFUSED\n')).toBe(true);
  });

  it('a matching --stop-on-output beats --retry-on 1, and the report names the pattern', async () => {
    const dir = tempDir();
    const report = join(dir, 'report.json');
    const r = await runXrun([
      '--retry-on',
      '1',
      '--stop-on-output',
      'no space left',
      '--stop-on-output',
      'disk full',
      '--report',
      report,
      '--',
      ...flaky(dir, 'write: disk full', 9),
    ]);
    expect(r.code).toBe(1);
    expect(attemptsIn(dir)).toBe(1);
    const decision = JSON.parse(readFileSync(report, 'utf8')).attempts[0].decision;
    expect(decision).toEqual({
      retry: false,
      stop: 'stopped',
      decider: '--stop-on-output "disk full"',
      mapTo: null,
      reason: '--stop-on-output "disk full" stops on exit 1 Failure (failure)',
    });
  });

  it('a config rule with an output condition decides in its place: before --retry-on, all its keys holding', async () => {
    const dir = tempDir();
    const rules =
      '[{"when": {"output": "TLS handshake timeout", "code": 2}, "then": "retry"}, {"when": {"output": "TLS handshake timeout"}, "then": {"map": 75}}]';
    writeFileSync(join(dir, 'xrun.config.json'), `{"rules": ${rules}, "retryOn": "1", "delay": "0"}`);
    const report = join(dir, 'report.json');
    // exit 1 with the message: rule 1 needs code 2, rule 2 maps it, --retry-on 1 is never reached
    const mapped = await runXrun(['--report', report, '--', ...flaky(dir, 'net/http: TLS handshake timeout', 9)], {
      cwd: dir,
    });
    expect(mapped.code).toBe(75);
    expect(attemptsIn(dir)).toBe(1);
    expect(JSON.parse(readFileSync(report, 'utf8')).attempts[0].decision).toMatchObject({
      decider: 'rule 2 of xrun.config.json',
      mapTo: 75,
    });
    // exit 2 with the message: rule 1 retries it until it passes
    const retried = await runXrun(
      [
        '--',
        'sh',
        '-c',
        `n=$(cat ${dir}/m 2>/dev/null || echo 0); echo $((n+1)) > ${dir}/m; [ $n -ge 2 ] && exit 0; echo 'TLS handshake timeout'; exit 2`,
      ],
      { cwd: dir },
    );
    expect(retried.code).toBe(0);
    expect(readFileSync(join(dir, 'm'), 'utf8')).toBe('3\n');
    expect(xrunLines(retried.stderr)[0]).toBe('xrun: sh exited 2 (Failure: the command failed); attempt 2 of 5 in 0ms');
  });

  it('a rule whose output pattern the linear-time engine refuses: exit 125, one line naming the key, nothing started', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'xrun.config.json'), '{"rules": [{"when": {"output": "(a)\\\\1"}, "then": "retry"}]}');
    const r = await runXrun(['--', 'sh', '-c', `touch ${dir}/ran`], { cwd: dir });
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toMatch(
      /^xrun: xrun\.config\.json: rules\[0\]\.when\.output: regex "\(a\)\\\\1" is not supported by the linear-time engine \([^\n]*\)\n$/,
    );
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('does not retry when no pattern matches, nor a success that matches', async () => {
    const dir = tempDir();
    const miss = await runXrun([
      '--retry-on-output',
      'timeout',
      '--delay',
      '0',
      '--',
      ...flaky(dir, 'syntax error', 9),
    ]);
    expect(miss.code).toBe(1);
    expect(attemptsIn(dir)).toBe(1);
    const ok = await runXrun(['--retry-on-output', 'fine', '--', 'echo', 'fine']);
    expect(ok.code).toBe(0);
    expect(xrunLines(ok.stderr)).toEqual([]);
  });

  it('passes an 8 MiB binary stdout on byte for byte while reading it', async () => {
    const dir = tempDir();
    const data = randomBytes(8 * 1024 * 1024 + 123);
    writeFileSync(join(dir, 'blob'), data);
    const r = await runXrun(['--retry-on-output', 'never-there', '--', 'cat', join(dir, 'blob')]);
    expect(r.code).toBe(0);
    expect(r.stdout.equals(data)).toBe(true);
    expect(r.stderr.length).toBe(0);
  });

  it("reads stdout through a pipe of xrun's only under an output rule", async ({ skip }) => {
    skip(!HAS_PROC, 'needs /proc: the command reads the descriptors there');
    const r = await runXrun(['--retry-on-output', 'x', '--', 'sh', '-c', 'readlink /proc/self/fd/1 /proc/$PPID/fd/1']);
    expect(r.code).toBe(0);
    const [own, xruns] = r.stdout.toString().trimEnd().split('\n');
    // a pipe, or the FIFO xrun relays from (relay/fifo-relay.ts)
    expect(own).toMatch(/^(pipe|socket):\[\d+\]$|\/xrun-relay-\w+\/pipe$|\/fifos\/held-\d+-\d+-\w+$/);
    expect(xruns).not.toBe(own);
  });

  it("when xrun's stdout reader goes away, the child sees the broken pipe (SIGPIPE) as without xrun", () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${XRUN_BIN}" --retry-on-output x -- sh -c 'while :; do echo yyyyyyyy; done' | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stdout).toBe('141\n');
  });

  it("all of the child's stdout is handed on before xrun re-raises the child's signal", async () => {
    const dir = tempDir();
    const blob = randomBytes(3_000_000);
    writeFileSync(join(dir, 'blob'), blob);
    const r = await runXrun(['--stop-on-output', 'x', '--', 'sh', '-c', `cat ${dir}/blob; kill -TERM $$`]);
    expect(r).toMatchObject({ code: null, signal: 'SIGTERM' });
    expect(r.stdout.equals(blob)).toBe(true);
  });

  it('does not wait for a grandchild that keeps the read stdout pipe open', async () => {
    const started = Date.now();
    const r = await runXrun(['--retry-on-output', 'x', '--', 'sh', '-c', 'sleep 30 2>/dev/null & echo done; exit 5']);
    expect(r.code).toBe(5);
    expect(r.stdout.toString()).toBe('done\n');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it.each([
    [['--retry-on-output', '('], 'xrun: --retry-on-output: bad regex "(": /(/: Unterminated group\n'],
    [['--stop-on-output', ''], 'xrun: --stop-on-output: empty pattern (it would match any output)\n'],
    [
      ['--retry-on-output', '(a)\\1'],
      'xrun: --retry-on-output: regex "(a)\\\\1" is not supported by the linear-time engine (error parsing regexp: invalid escape sequence: `\\1`)\n',
    ],
  ])('bad input %j: exit 125, one line, nothing started', async (args, line) => {
    const dir = tempDir();
    const r = await runXrun([...args, '--', 'sh', '-c', `touch ${dir}/started`]);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(line);
    expect(() => readFileSync(join(dir, 'started'))).toThrow();
  });

  it('takes patterns from XRUN_RETRY_ON_OUTPUT (one a line) and from the config file', async () => {
    const dir = tempDir();
    const env = { XRUN_RETRY_ON_OUTPUT: 'nope\nreset' };
    const r = await runXrun(['--delay', '0', '--', ...flaky(dir, 'reset', 2)], { env });
    expect(r.code).toBe(0);
    expect(attemptsIn(dir)).toBe(2);
    const project = tempDir();
    writeFileSync(join(project, 'xrun.config.json'), JSON.stringify({ retryOnOutput: ['nope', 'reset'], delay: 0 }));
    const counter = tempDir();
    const fromConfig = await runXrun(['--', ...flaky(counter, 'reset', 2)], { cwd: project });
    expect(fromConfig.code).toBe(0);
    expect(attemptsIn(counter)).toBe(2);
  });

  it('xrun explain and xrun config name the patterns', async () => {
    const rules = ['--retry-on-output', 'reset', '--retry-on-output', 'a,b', '--stop-on-output', 'fatal'];
    const explained = await runXrun(['explain', '--tool', 'generic', ...rules, '1']);
    expect(explained.code).toBe(0);
    expect(explained.stdout.toString()).toContain(
      '\n  output rules: never retried when stdout or stderr matches "fatal"; else a failure is retried when stdout or stderr matches "reset", "a,b"\n',
    );
    const config = await runXrun(['config', ...rules, '--', 'sh']);
    expect(config.code).toBe(0);
    const lines = config.stdout.toString().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^retryOnOutput {2}"reset", "a,b" {2}--retry-on-output$/));
    expect(lines).toContainEqual(expect.stringMatching(/^stopOnOutput +"fatal" +--stop-on-output$/));
    expect(lines).toContain('retried: output "reset", output "a,b"; never output "fatal"; 5 attempts in all');
  });
});
