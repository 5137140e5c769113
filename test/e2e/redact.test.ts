import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runXrun, tempDir } from '../helpers/xrun.js';

// Every secret of these tests holds this text: none of xrun's output may.
const SECRET = 's3cr3t';

// A command holding one secret of each kind; it prints its arguments, so the test sees the child got them as given.
const SECRETS = [
  'GITHUB_TOKEN=s3cr3t-1',
  '-eX_TOKEN=s3cr3t-2',
  '--build-arg=NPM_TOKEN=s3cr3t-3',
  '--url=https://u:s3cr3t-4/x@h/p',
  'https://s3cr3t-5@github.com/org/repo',
  '--password',
  's3cr3t-6',
  '-H',
  'Authorization: Bearer s3cr3t-7',
  '//registry/:_authToken=s3cr3t-8',
];
const REDACTED_SECRETS = [
  'GITHUB_TOKEN=***',
  '-eX_TOKEN=***',
  '--build-arg=NPM_TOKEN=***',
  '--url=https://u:***@h/p',
  'https://***@github.com/org/repo',
  '--password',
  '***',
  '-H',
  'Authorization: Bearer ***',
  '//registry/:_authToken=***',
];
const PRINT_ARGS = ['sh', '-c', 'printf "%s\\n" "$@"', 'sh'];

// An executable named like a secret assignment: xrun's retry lines and annotations name it.
function secretlyNamedCommand(exitCode: number): string {
  const file = join(tempDir(), `GITHUB_TOKEN=${SECRET}`);
  writeFileSync(file, `#!/bin/sh\nexit ${exitCode}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('secrets never reach what xrun writes, the command the child gets is unchanged', () => {
  it('the report file', async () => {
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', report, '--', ...PRINT_ARGS, ...SECRETS]);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toBe(`${SECRETS.join('\n')}\n`);
    const text = readFileSync(report, 'utf8');
    expect(text).not.toContain(SECRET);
    expect((JSON.parse(text) as { command: string[] }).command).toEqual([...PRINT_ARGS, ...REDACTED_SECRETS]);
  });

  it('GitHub Actions: the step summary and the retry annotations', async () => {
    const summary = join(tempDir(), 'summary.md');
    const command = secretlyNamedCommand(3);
    const r = await runXrun(['--retry-on', '3', '--attempts', '2', '--delay', '1ms', '--', command, ...SECRETS], {
      env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(3);
    const stderr = r.stderr.toString();
    expect(stderr).not.toContain(SECRET);
    expect(stderr).toContain(
      '::warning title=xrun retry::GITHUB_TOKEN=*** exited 3 (Failure: the command failed); attempt 2 of 2 in ',
    );
    const table = readFileSync(summary, 'utf8');
    expect(table).not.toContain(SECRET);
    // the command as a shell would read it back (each *** quoted as a word with a glob in it)
    expect(table).toContain(
      "/GITHUB_TOKEN=***' 'GITHUB_TOKEN=***' '-eX_TOKEN=***' '--build-arg=NPM_TOKEN=***' '--url=https://u:***@h/p' 'https://***@github.com/org/repo' --password '***' -H 'Authorization: Bearer ***' '//registry/:_authToken=***'`\n",
    );
  });

  it("xrun's own lines on stderr: retries, giving up, command not found, a usage error", async () => {
    const command = secretlyNamedCommand(3);
    const retried = await runXrun(['--retry-on', '3', '--attempts', '2', '--delay', '1ms', '--', command]);
    expect(retried.code).toBe(3);
    expect(retried.stderr.toString()).toMatch(
      /^xrun: GITHUB_TOKEN=\*\*\* exited 3 \(Failure: [^\n]*\); attempt 2 of 2 in \d+ms\nxrun: GITHUB_TOKEN=\*\*\* exited 3 \(Failure: [^\n]*\); giving up after 2 attempts\n$/,
    );

    const notFound = await runXrun(['--', `GITHUB_TOKEN=${SECRET}`, 'make']);
    expect(notFound.code).toBe(127);
    expect(notFound.stderr.toString()).toBe('xrun: GITHUB_TOKEN=***: command not found\n');
    // a value with a space goes whole
    const spaced = await runXrun(['--', `PASSWORD=${SECRET} ${SECRET}`, 'make']);
    expect(spaced.stderr.toString()).toBe('xrun: PASSWORD=***: command not found\n');

    const usage = await runXrun(['--attempts', `TOKEN=${SECRET}`, '--', 'touch', 'MARKER'], { cwd: tempDir() });
    expect(usage.code).toBe(125);
    expect(usage.stderr.toString()).toBe("xrun: --attempts: expected a whole number of at least 1, got 'TOKEN=***'\n");
  });

  it('xrun config -- command', async () => {
    const r = await runXrun([
      'config',
      '--',
      'env',
      `GITHUB_TOKEN=${SECRET}`,
      'docker',
      'login',
      '-u',
      'me',
      '-p',
      SECRET,
      'ghcr.io',
    ]);
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).not.toContain(SECRET);
    // as a shell would read it back (a redacted *** is quoted as any word with a glob in it)
    expect(out).toContain("\ncommand: env 'GITHUB_TOKEN=***' docker login -u me -p '***' ghcr.io\n");
    // the value column is as wide as the widest value
    expect(out).toMatch(/\ntool +docker +detected from the command\n/);
  });
});

describe("a tool's text and odd names: redacted, and one line means one line", () => {
  it('a spawn error in the report names the command redacted (`spawn GITHUB_TOKEN=*** ENOENT`)', async () => {
    const report = join(tempDir(), 'r.json');
    const r = await runXrun(['--report', report, '--', `GITHUB_TOKEN=${SECRET}`]);
    expect(r.code).toBe(127);
    expect(r.stderr.toString()).toBe('xrun: GITHUB_TOKEN=***: command not found\n');
    const text = readFileSync(report, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text).attempts[0].outcome).toEqual({
      kind: 'spawn-error',
      errno: 'ENOENT',
      message: 'spawn GITHUB_TOKEN=*** ENOENT',
    });
  });

  it('a newline in a command name cannot forge a workflow command: one line, the break shown', async () => {
    const r = await runXrun(['--', 'nosuch\n::error::INJECTED\r\x1b[2K'], {
      env: { CI: 'true', GITHUB_ACTIONS: 'true' },
    });
    expect(r.code).toBe(127);
    expect(r.stderr.toString()).toBe('xrun: nosuch\\n::error::INJECTED\\r\\x1b[2K: command not found\n');
  });

  it("explain FILE: a build event file's failure detail redacted, its escape sequences shown", async () => {
    const file = join(tempDir(), 'bep.json');
    const message = `fetch https://u:${SECRET}1@h/x Bearer ${SECRET}2 GITHUB_TOKEN=${SECRET}3 --password ${SECRET}4 _authToken=${SECRET}5 Authorization: ${SECRET}6 \x1b]0;title\x07\x1b[31mred`;
    const event = {
      finished: {
        exitCode: { name: `BUILD_FAILURE\n::error::x`, code: 1 },
        failureDetail: { message, spawn: { code: 'NON_ZERO_EXIT' } },
      },
    };
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const r = await runXrun(['explain', file, '--tool', 'bazel']);
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).not.toContain(SECRET);
    expect(out).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(out.split('\n')[0]).toBe('bazel exit 1: BUILD_FAILURE\\n::error::x');
    expect(out).toContain(
      'spawn.NON_ZERO_EXIT: fetch https://u:***@h/x Bearer *** GITHUB_TOKEN=*** --password *** _authToken=*** Authorization: *** \\x1b]0;title\\x07\\x1b[31mred',
    );
  });

  it('--rules that is not JSON: where it breaks, never the text', async () => {
    const r = await runXrun(['--rules', `[{"when": {"code": 3}, "token": "${SECRET}"`, '--', 'true']);
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(
      'xrun: --rules: expected a JSON array of rules, not valid JSON at line 1, column 41: the text ends before the JSON does\n',
    );
  });
});
