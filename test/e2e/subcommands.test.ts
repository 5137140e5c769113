import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buck2Sim, runXrun, tempDir } from '../helpers/xrun.js';

const golden = (name: string) => readFileSync(new URL(`../golden/${name}`, import.meta.url), 'utf8');
const models = readFileSync(new URL('../../docs/models.md', import.meta.url), 'utf8');

// Runs xrun in an empty directory (no config file above /tmp) and expects success.
async function stdoutOf(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runXrun(args, { cwd: tempDir(), env });
  expect(r.stderr.toString()).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.toString();
}

describe('xrun explain (golden)', () => {
  it.each([
    [['explain', '4', '--tool', 'buck2', '--retry-busy'], 'explain-4-buck2-retry-busy.txt'],
    [['explain', '4'], 'explain-4.txt'],
    [['explain', '1', '--retry-connect', '--retry-on', '1', '--attempts', '3'], 'explain-1-retry.txt'],
    [['explain', '--signal', 'int', '--tool', 'buck2', '--retry-on', 'signal'], 'explain-signal-int-buck2.txt'],
    [['explain', '141', '--tool', 'buck2'], 'explain-141-buck2.txt'],
  ])('%j', async (args, file) => {
    expect(await stdoutOf(args)).toBe(golden(file));
  });

  it('says what the policy would do: retried with --retry-busy, not without, exhausted with one attempt', async () => {
    expect(await stdoutOf(['explain', '4', '--tool', 'buck2'])).toContain(
      '  policy:       not retried: exit 4 DaemonIsBusy (busy) is not retried by the policy\n',
    );
    expect(await stdoutOf(['explain', '4', '--tool', 'buck2', '--retry-busy', '--attempts', '1'])).toContain(
      '  policy:       not retried: --retry-busy retries exit 4 DaemonIsBusy (busy), but its one attempt is used\n',
    );
    expect(
      await stdoutOf(['explain', '9', '--tool', 'bazel'], {
        XRUN_RETRY_BUSY: '1',
        XRUN_ATTEMPTS: '2',
        XRUN_DELAY: '1s',
      }),
    ).toContain(
      '  policy:       retried: XRUN_RETRY_BUSY retries exit 9 LOCK_HELD_NOBLOCK_FOR_LOCK (busy); 2 attempts, first delay at least 1s\n',
    );
  });

  it("uses the config file's per-tool policy", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'xrun.config.json'),
      JSON.stringify({ tools: { buck2: { retryConnect: true, attempts: 4 } } }),
    );
    const r = await runXrun(['explain', '11'], { cwd: dir });
    expect(r.stdout.toString().split('\n').slice(2, 4)).toEqual([
      'buck2    ConnectError   connect   11          retried (xrun.config.json: tools.buck2.retryConnect)  could not connect to or start the buck2 daemon',
      "docker   ContainerExit  failure   1           not retried                                           the container's own exit code",
    ]);
  });

  it.each([
    [['explain'], 'xrun: explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)\n'],
    [
      ['explain', '4', '--signal', 'KILL'],
      'xrun: explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)\n',
    ],
    [['explain', '256'], "xrun: explain: expected an exit code 0-255, got '256'\n"],
    [['explain', 'busy'], "xrun: explain: expected an exit code 0-255, got 'busy'\n"],
    [['explain', '--signal', 'NOPE'], "xrun: --signal: unknown signal 'NOPE' (e.g. TERM, INT, KILL)\n"],
    [['explain', '4', '--tool', 'buck3'], "xrun: --tool: unknown tool 'buck3' (did you mean buck2?)\n"],
    [['codes', '--tool', 'bazle'], "xrun: --tool: unknown tool 'bazle' (did you mean bazel?)\n"],
    [['explain', '4', '5'], 'xrun: explain: too many arguments. Expected 1 argument but got 2.\n'],
    [
      ['codes', '--tool', 'make'],
      "xrun: --tool: unknown tool 'make' (expected one of buck2, docker, podman, bazel, generic)\n",
    ],
    [['codes', '--bogus'], "xrun: codes: unknown option '--bogus'\n"],
  ])('usage error %j: 125 and one line', async (args, message) => {
    const r = await runXrun(args, { cwd: tempDir() });
    expect(r.stderr.toString()).toBe(message);
    expect(r.code).toBe(125);
    expect(r.stdout.length).toBe(0);
  });

  it('a command named explain still runs with xrun -- explain', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'explain'), '#!/bin/sh\necho "ran $*"; exit 7\n', { mode: 0o755 });
    const r = await runXrun(['--', 'explain', '4'], { cwd: dir, env: { PATH: `${dir}:${process.env.PATH}` } });
    expect(r.stdout.toString()).toBe('ran 4\n');
    expect(r.code).toBe(7);
  });
});

describe('xrun codes', () => {
  it("prints exactly docs/models.md's model tables", async () => {
    const between = models.split('<!-- model-tables:begin -->\n')[1]!.split('<!-- model-tables:end -->')[0]!;
    expect(await stdoutOf(['codes'])).toBe(between);
  });

  it('--tool prints one table', async () => {
    const out = await stdoutOf(['codes', '--tool', 'bazel']);
    expect(out.split('\n').slice(0, 4)).toEqual([
      '### Bazel (`--tool bazel`)',
      '',
      '| code | name | category | normalized | meaning | source |',
      '| --- | --- | --- | --- | --- | --- |',
    ]);
    // the code table (2 + 20 lines), then the subcommands' readings (2 + 6)
    expect(out.split('\n').filter((l) => l.startsWith('| ')).length).toBe(2 + 20 + 2 + 6);
  });

  it.each([
    [
      'bazel',
      [
        "any other | UnknownExit | failure | 1 | a code bazel's table does not name",
        "`query`, `cquery`, `aquery` | other codes: the bazel table; any other | UnknownExit | failure | 1 | a code bazel's table does not name",
        "`run` | any other | ProgramExit | failure | 1 | the program's own exit code (or the tool's, before it ran)",
      ],
    ],
    [
      'buck2',
      [
        "any other | UnknownExit | failure | 1 | a code buck2's table does not name",
        "`run` | any other | ProgramExit | failure | 1 | the program's own exit code (or the tool's, before it ran)",
        "`test` | other codes: the buck2 table; any other | TestRunner | failure | 1 | the test executor's own exit code, passed through",
      ],
    ],
    [
      'docker',
      [
        "any other | ContainerExit | failure | 1 | the container's own exit code",
        "`exec`, `container exec` | any other | ProgramExit | failure | 1 | the program's own exit code",
        "`compose run`, `compose exec` | any other | ProgramExit | failure | 1 | the program's own exit code",
        "`compose` | any other | ComposeExit | failure | 1 | compose's status (up --exit-code-from: a container's)",
        "`build`, `buildx`, `image build`, `builder build` | any other | PluginExit | failure | 1 | the plugin's own exit code",
        "`inspect`, `info`, `version`, `events`, `system info`, `system events`, `container inspect`, `image inspect`, `network inspect`, `volume inspect`, `context inspect`, `plugin inspect` | other codes: the docker table; any other | UnknownExit | failure | 1 | a code docker's table does not name",
      ],
    ],
  ])("--tool %s: each subcommand's 'any other' row says what such a code is there", async (tool, rows) => {
    const out = await stdoutOf(['codes', '--tool', tool]);
    // each row without its source column
    const otherRows = out
      .split('\n')
      .filter((l) => l.includes('any other |'))
      .map((l) => l.slice(2, l.lastIndexOf(' | ')));
    expect(otherRows).toEqual(rows);
  });

  it('--json is the model with patterns as source strings', async () => {
    const json = JSON.parse(await stdoutOf(['codes', '--json', '--tool', 'buck2'])) as {
      categories: { category: string; normalized: number | string }[];
      tools: Record<
        string,
        {
          codes: { code: number; name: string }[];
          rules: { id: string; pattern: string; flags: string; codes: number[] | null }[];
        }
      >;
    };
    expect(Object.keys(json.tools)).toEqual(['buck2']);
    expect(json.categories.find((c) => c.category === 'signal')!.normalized).toBe('128+N');
    expect(json.tools['buck2']!.codes.find((c) => c.code === 4)!.name).toBe('DaemonIsBusy');
    expect(json.tools['buck2']!.rules.find((r) => r.id === 'buck2-connect')).toMatchObject({
      pattern: 'Failed to connect to buck daemon\\.',
      codes: [1, 2, 11],
    });
    expect(json.tools['buck2']!.rules.find((r) => r.id === 'buck2-oom')!.codes).toBeNull();
    const all = JSON.parse(await stdoutOf(['codes', '--json'])) as { tools: Record<string, unknown> };
    expect(Object.keys(all.tools)).toEqual(['buck2', 'docker', 'podman', 'bazel', 'generic']);
  });
});

describe('configuration', () => {
  // parent/xrun.config.json, cwd parent/child
  function project(config: unknown, file = 'xrun.config.json'): { parent: string; child: string } {
    const parent = tempDir();
    const child = join(parent, 'child');
    mkdirSync(child);
    writeFileSync(join(parent, file), typeof config === 'string' ? config : JSON.stringify(config));
    return { parent, child };
  }
  const CONFIG = {
    attempts: 2,
    delay: '10ms',
    tools: { buck2: { retryBusy: true, retryConnect: true, attempts: 5 } },
    profiles: { ci: { attempts: 3, report: 'ci-report.json' } },
  };

  it('xrun config prints every effective value and where it came from', async () => {
    const { child } = project(CONFIG);
    const r = await runXrun(
      ['config', '--max-delay', '2s', '--profile', 'ci', '--', 'buck2', 'build', '//app:main lib'],
      {
        cwd: child,
        env: { XRUN_DELAY: '20ms' },
      },
    );
    expect(r.stderr.toString()).toBe('');
    expect(r.stdout.toString()).toBe(
      [
        'config file: ../xrun.config.json',
        "command: buck2 build '//app:main lib'",
        'setting        value           from',
        'tool           buck2           detected from the command',
        'profile        ci              --profile',
        'retryBusy      true            ../xrun.config.json: tools.buck2.retryBusy',
        'retryConnect   true            ../xrun.config.json: tools.buck2.retryConnect',
        'retryOn        none            default',
        'retryOnOutput  none            default',
        'stopOn         none            default',
        'stopOnOutput   none            default',
        'rules          none            default',
        'attempts       3               ../xrun.config.json: profiles.ci.attempts',
        'delay          20ms            XRUN_DELAY',
        'maxDelay       2s              --max-delay',
        'backoff        exponential     default',
        'jitter         equal           default',
        'stagger        none            default',
        'onRetry        none            default',
        'timeout        none            default',
        'killAfter      10s             default',
        'signal         SIGINT          default',
        'deadline       none            default',
        'normalize      false           default',
        'map            none            default',
        'quiet          false           default',
        'report         ci-report.json  ../xrun.config.json: profiles.ci.report',
        'structured     false           default',
        'holdStdout     false           default',
        'stdinBuffer    16MiB           default',
        'queue          true            default',
        'color          auto            default',
        'fleet          none            default',
        'fleetBudget    20%+10          default',
        'fleetWindow    60s             default',
        'fleetCooldown  30s             default',
        'fleetKey       none            default',
        'fleetTimeout   100ms           default',
        'retried: busy, preempted, connect, daemon-died; 3 attempts in all',
        'inert: buck2 exits 4 (DaemonIsBusy) only with --exit-when=notidle|differentstate (else a second command waits inside the daemon) and 5 (DaemonPreempted) only with --preemptible=always|ondifferentstate (else a newer command waits for this one), so retrying them does nothing for this command',
        '',
      ].join('\n'),
    );
  });

  it('applies flags over environment over config when running', async () => {
    const { child } = project(CONFIG);
    const sim = buck2Env('4,4,4,4,4,4,4,4');
    const fromConfig = await runXrun(['--', 'buck2', 'build'], { cwd: child, env: sim.env });
    expect(fromConfig.code).toBe(4);
    expect(sim.invocations()).toBe(5);
    const sim2 = buck2Env('4');
    await runXrun(['--', 'buck2', 'build'], { cwd: child, env: { ...sim2.env, XRUN_ATTEMPTS: '2' } });
    expect(sim2.invocations()).toBe(2);
    const sim3 = buck2Env('4');
    await runXrun(['--attempts', '3', '--', 'buck2', 'build'], {
      cwd: child,
      env: { ...sim3.env, XRUN_ATTEMPTS: '2' },
    });
    expect(sim3.invocations()).toBe(3);
    const sim4 = buck2Env('4');
    await runXrun(['--', 'buck2', 'build'], { cwd: child, env: { ...sim4.env, XRUN_RETRY_BUSY: 'false' } });
    expect(sim4.invocations()).toBe(1);
  });

  it('the first file found upwards wins: .xrunrc.json here over xrun.config.json above; package.json counts only with "xrun"', async () => {
    const { parent, child } = project({ attempts: 4 });
    writeFileSync(join(child, 'package.json'), JSON.stringify({ name: 'x' }));
    expect((await runXrun(['config'], { cwd: child })).stdout.toString()).toContain(
      'attempts       4            ../xrun.config.json: attempts\n',
    );
    writeFileSync(join(child, 'package.json'), JSON.stringify({ name: 'x', xrun: { attempts: 6 } }));
    expect((await runXrun(['config'], { cwd: child })).stdout.toString()).toContain(
      'attempts       6            package.json: xrun.attempts\n',
    );
    writeFileSync(join(child, '.xrunrc.json'), JSON.stringify({ attempts: 7 }));
    expect((await runXrun(['config'], { cwd: child })).stdout.toString()).toContain(
      'attempts       7            .xrunrc.json: attempts\n',
    );
    expect(existsSync(parent)).toBe(true);
  });

  it.each([
    [
      { attempts: 'many' },
      [],
      "xrun: ../xrun.config.json: attempts: expected a whole number of at least 1, got 'many'\n",
    ],
    [
      { tools: { buck2: { attempts: 0 } } },
      ['--tool', 'buck2'],
      "xrun: ../xrun.config.json: tools.buck2.attempts: expected a whole number of at least 1, got '0'\n",
    ],
    [{ retryBusy: 'yes' }, [], 'xrun: ../xrun.config.json: retryBusy: expected true or false, got "yes"\n'],
    [
      { retryOn: ['busy', 'bussy'] },
      [],
      "xrun: ../xrun.config.json: retryOn: unknown condition 'bussy' (expected an exit code, a range such as 129-192, a signal such as KILL, or one of failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)\n",
    ],
    [
      { map: 'no-tests:0' },
      [],
      "xrun: ../xrun.config.json: map: 'no-tests:0' is not FROM=TO (e.g. no-tests=0 or 4=0)\n",
    ],
    [{ delay: 'soon' }, [], "xrun: ../xrun.config.json: delay: 'soon' is not a duration (e.g. 250ms, 2s, 1m)\n"],
    [{ timeout: -1 }, [], "xrun: ../xrun.config.json: timeout: '-1' is negative (a duration is 0 or more)\n"],
    [{ signal: 'NOPE' }, [], "xrun: ../xrun.config.json: signal: unknown signal 'NOPE' (e.g. TERM, INT, KILL)\n"],
    [{ tool: 'buck3' }, [], "xrun: ../xrun.config.json: tool: unknown tool 'buck3' (did you mean buck2?)\n"],
    [{ report: '' }, [], 'xrun: ../xrun.config.json: report: expected a file name, got an empty string\n'],
    [
      { retries: 3 },
      [],
      'xrun: ../xrun.config.json: retries: unknown key (expected one of retryBusy, retryConnect, retryOn, retryOnOutput, stopOn, stopOnOutput, rules, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, structured, holdStdout, stdinBuffer, queue, color, fleet, fleetBudget, fleetWindow, fleetCooldown, fleetKey, fleetTimeout, tools, profiles)\n',
    ],
    [
      { tools: { make: {} } },
      [],
      'xrun: ../xrun.config.json: tools.make: unknown tool (expected one of buck2, docker, podman, bazel, generic)\n',
    ],
    [
      { profiles: { ci: { attempts: -1 } } },
      ['--profile', 'ci'],
      "xrun: ../xrun.config.json: profiles.ci.attempts: expected a whole number of at least 1, got '-1'\n",
    ],
    [
      { profiles: { ci: {} } },
      ['--profile', 'nightly'],
      "xrun: --profile: unknown profile 'nightly' (../xrun.config.json defines ci)\n",
    ],
  ])('invalid config %j %j: 125, one line naming the file and key, nothing started', async (config, flags, message) => {
    const { child } = project(config);
    const r = await runXrun([...flags, '--', 'touch', 'MARKER'], { cwd: child });
    expect(r.stderr.toString()).toBe(message);
    expect(r.code).toBe(125);
    expect(existsSync(join(child, 'MARKER'))).toBe(false);
  });

  it('invalid JSON and invalid environment values: 125, one line, nothing started', async () => {
    const { child } = project('{ attempts: 3 }', '.xrunrc.json');
    const bad = await runXrun(['--', 'touch', 'MARKER'], { cwd: child });
    expect(bad.stderr.toString()).toBe(
      "xrun: ../.xrunrc.json: not valid JSON at line 1, column 3: expected a property name in double quotes, found 'a'\n",
    );
    expect(bad.code).toBe(125);
    const dir = tempDir();
    const env = await runXrun(['--', 'touch', 'MARKER'], { cwd: dir, env: { XRUN_QUIET: 'maybe' } });
    expect(env.stderr.toString()).toBe("xrun: XRUN_QUIET: expected 1, true, yes, 0, false or no, got 'maybe'\n");
    expect(env.code).toBe(125);
    const timeout = await runXrun(['--', 'touch', 'MARKER'], { cwd: dir, env: { XRUN_TIMEOUT: '5y' } });
    expect(timeout.stderr.toString()).toBe("xrun: XRUN_TIMEOUT: '5y' is not a duration (e.g. 250ms, 2s, 1m)\n");
    expect(existsSync(join(child, 'MARKER')) || existsSync(join(dir, 'MARKER'))).toBe(false);
  });
});

function buck2Env(steps: string) {
  return buck2Sim(steps);
}
