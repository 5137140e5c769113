import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_BIN, plainEnv, runXrun, tempDir, XRUN_BIN } from '../helpers/xrun.js';

const YELLOW = '\x1b[33m';
const RESET = '\x1b[39m';
// a command that writes colour and plain bytes (and a lone ESC, a CR) to both streams and fails once
const OUT = '\x1b[31mred\x1b[0m plain \x1b[1;4mbold\x1b[22;24m\r\n\x1b\n';
const ERR = '\x1b[32merr\x1b[0m line\n';
const SCRIPT = `printf '${OUT.replaceAll('\x1b', '\\033').replaceAll('\r', '\\r').replaceAll('\n', '\\n')}'; printf '${ERR.replaceAll('\x1b', '\\033').replaceAll('\n', '\\n')}' >&2; exit 3`;
// how each model reads exit 3
const READING = {
  generic: 'Failure: the command failed',
  buck2: 'UserError: user error: bad arguments, build or Starlark error',
};
const RETRY = (tool: keyof typeof READING = 'generic') => `xrun: sh exited 3 (${READING[tool]}); attempt 2 of 2 in 0ms`;
const GIVE_UP = (tool: keyof typeof READING = 'generic') =>
  `xrun: sh exited 3 (${READING[tool]}); giving up after 2 attempts`;
const RETRYING = ['--retry-on', '3', '--attempts', '2', '--delay', '0'];

// xrun's stderr with stderr a pipe; `tool` buck2 reads the command's stderr through xrun, generic leaves it inherited
async function piped(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string) {
  return runXrun([...RETRYING, ...args, '--', 'sh', '-c', SCRIPT], { env, ...(cwd ? { cwd } : {}) });
}

const painted = (line: string) => `${YELLOW}${line}${RESET}`;
const expectedStderr = (colour: boolean, tool: keyof typeof READING = 'generic') => {
  const shown = colour ? painted : String;
  return `${ERR}${shown(RETRY(tool))}\n${ERR}${shown(GIVE_UP(tool))}\n`;
};

describe('--color and the colour variables', () => {
  it.each([
    ['--color always', ['--color', 'always'], {}, true],
    ['--color=never', ['--color=never'], {}, false],
    ['auto on a pipe', [], {}, false],
    ['FORCE_COLOR=1 on a pipe', [], { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0', [], { FORCE_COLOR: '0' }, false],
    ['NO_COLOR beats FORCE_COLOR', [], { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['--color always beats NO_COLOR', ['--color', 'always'], { NO_COLOR: '1' }, true],
    ['XRUN_COLOR=always', [], { XRUN_COLOR: 'always' }, true],
    ['--color never beats XRUN_COLOR=always', ['--color', 'never'], { XRUN_COLOR: 'always' }, false],
    ['--color auto leaves it to the environment', ['--color', 'auto'], { FORCE_COLOR: '1' }, true],
    ['GitHub Actions', [], { CI: 'true', GITHUB_ACTIONS: 'true' }, true],
    ['GitLab CI', [], { CI: 'true', GITLAB_CI: 'true' }, true],
    ['another CI', [], { CI: 'true', BUILDKITE: 'true' }, false],
    ['GitLab CI with NO_COLOR', [], { CI: 'true', GITLAB_CI: 'true', NO_COLOR: '1' }, false],
  ] as const)(
    "%s: the command's bytes untouched on both streams, xrun's lines %s",
    async (_name, args, env, colour) => {
      for (const tool of ['generic', 'buck2'] as const) {
        const r = await piped(['--tool', tool, ...args], env);
        expect(r.code).toBe(3);
        expect(r.stdout.toString('latin1')).toBe(OUT + OUT);
        // GitLab's section markers and GitHub's workflow commands aside; GitHub's annotations replace the plain lines
        const stderr = r.stderr
          .toString('latin1')
          .split(/(?<=\n)/)
          .filter((line) => !line.startsWith('\x1b[0Ksection_') && !line.startsWith('::'))
          .join('');
        expect(stderr).toBe('GITHUB_ACTIONS' in env ? ERR + ERR : expectedStderr(colour, tool));
      }
    },
  );

  it('a run of one attempt in GitLab CI colours its timeout line (the CI is asked for the colour alone)', async () => {
    const r = await runXrun(['--timeout', '50ms', '--kill-after', '0', '--', 'sleep', '5'], {
      env: { CI: 'true', GITLAB_CI: 'true' },
    });
    expect(r.code).toBe(124);
    expect(r.stderr.toString()).toMatch(/^\x1b\[33mxrun: sleep timed out after 50ms .*\x1b\[39m\n$/);
    const plain = await runXrun(['--timeout', '50ms', '--kill-after', '0', '--', 'sleep', '5']);
    expect(plain.stderr.toString()).toMatch(/^xrun: sleep timed out after 50ms [^\x1b]*\n$/);
  });

  it('the config file\'s "color" is a setting like the others', async () => {
    const dir = tempDir('xrun-color-config-');
    writeFileSync(join(dir, 'xrun.config.json'), '{ "color": "always" }');
    expect((await piped([], {}, dir)).stderr.toString('latin1')).toBe(expectedStderr(true));
    expect((await piped([], { NO_COLOR: '1' }, dir)).stderr.toString('latin1')).toBe(expectedStderr(true));
    expect((await piped(['--color', 'never'], {}, dir)).stderr.toString('latin1')).toBe(expectedStderr(false));
  });

  it('on a terminal: coloured by default, plain with --color never, NO_COLOR or FORCE_COLOR=0', () => {
    const lines = (args: string, env: NodeJS.ProcessEnv) => {
      const r = spawnSync(
        'script',
        ['-qec', `"${XRUN_BIN}" ${RETRYING.join(' ')} ${args} -- sh -c 'exit 3'`, '/dev/null'],
        {
          env: { ...plainEnv(), PATH: `${FIXTURES_BIN}:${process.env.PATH}`, ...env },
          encoding: 'latin1',
        },
      );
      expect(r.status).toBe(3);
      return r.stdout.split('\r\n').filter((l) => l.includes('xrun: '));
    };
    expect(lines('', {})).toEqual([painted(RETRY()), painted(GIVE_UP())]);
    for (const [args, env] of [
      ['--color never', {}],
      ['', { NO_COLOR: '1' }],
      ['', { FORCE_COLOR: '0' }],
      ['', { XRUN_COLOR: 'never' }],
    ] as const)
      expect(lines(args, env)).toEqual([RETRY(), GIVE_UP()]);
  });

  it.each([
    [['--color', 'sometimes'], {}, "xrun: --color: expected auto, always or never, got 'sometimes'\n"],
    [['--color', 'ALWAYS'], {}, "xrun: --color: expected auto, always or never, got 'ALWAYS'\n"],
    [[], { XRUN_COLOR: 'yes' }, "xrun: XRUN_COLOR: expected auto, always or never, got 'yes'\n"],
  ] as const)(
    'a bad value %j %j: exit 125, one line naming where it came from, nothing started',
    async (args, env, line) => {
      const marker = join(tempDir('xrun-color-bad-'), 'started');
      const r = await runXrun([...args, '--', 'touch', marker], { env });
      expect(r.code).toBe(125);
      expect(r.stderr.toString()).toBe(line);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it('a bad "color" in the config file names the file and the key', async () => {
    const dir = tempDir('xrun-color-config-');
    writeFileSync(join(dir, 'xrun.config.json'), '{ "tools": { "generic": { "color": "red" } } }');
    const r = await runXrun(['--', 'true'], { cwd: dir });
    expect(r.code).toBe(125);
    expect(r.stderr.toString()).toBe(
      "xrun: xrun.config.json: tools.generic.color: expected auto, always or never, got 'red'\n",
    );
  });
});
