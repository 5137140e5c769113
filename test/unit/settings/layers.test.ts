import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/settings/config.js';
import { envLayer, envNameOf, flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { config } from './sample-config.js';

describe('precedence: flags, environment, config (profile tool, profile, tool, base), defaults', () => {
  it('reads every XRUN_* variable; booleans are 1/true/yes/0/false/no; empty is unset', () => {
    expect(envNameOf('maxDelay')).toBe('XRUN_MAX_DELAY');
    expect(
      envLayer({ XRUN_ATTEMPTS: '3', XRUN_RETRY_BUSY: 'yes', XRUN_QUIET: '0', XRUN_DELAY: '', XRUN_PROFILE: 'ci' }),
    ).toEqual({
      attempts: { value: '3', origin: 'XRUN_ATTEMPTS' },
      retryBusy: { value: true, origin: 'XRUN_RETRY_BUSY' },
      quiet: { value: false, origin: 'XRUN_QUIET' },
      profile: { value: 'ci', origin: 'XRUN_PROFILE' },
    });
    // in an xrun's command, XRUN_ATTEMPTS is the outer run's count (XRUN_ATTEMPT beside it), no setting
    expect(envLayer({ XRUN_ATTEMPT: '2', XRUN_ATTEMPTS: '5', XRUN_DELAY: '1s' })).toEqual({
      delay: { value: '1s', origin: 'XRUN_DELAY' },
    });
    expect(() => envLayer({ XRUN_NORMALIZE: 'on' })).toThrow(
      new UsageError("XRUN_NORMALIZE: expected 1, true, yes, 0, false or no, got 'on'"),
    );
  });

  it('layers per setting, the per-tool section applying to the detected tool only', () => {
    const buck2 = resolveSettings({}, {}, config, ['buck2', 'build']);
    expect(buck2.settings).toEqual({
      tool: 'buck2',
      attempts: '5',
      delay: '1s',
      quiet: true,
      retryBusy: true,
      retryConnect: true,
    });
    expect(buck2.origins.attempts).toBe('xrun.config.json: tools.buck2.attempts');
    const other = resolveSettings({}, {}, config, ['make']);
    expect(other.settings).toEqual({ tool: 'generic', attempts: '2', delay: '1s', quiet: true });
  });

  it('a profile overrides the tool section; its own tool section overrides the profile; env and flags override all', () => {
    const env = envLayer({ XRUN_PROFILE: 'ci' });
    const r = resolveSettings({}, env, config, ['buck2']);
    expect(r.settings).toMatchObject({
      attempts: '7',
      delay: '3',
      retryOn: 'network,2',
      retryBusy: true,
      profile: 'ci',
    });
    const overridden = resolveSettings(
      flagLayer({ attempts: '9' }),
      envLayer({ XRUN_PROFILE: 'ci', XRUN_ATTEMPTS: '8', XRUN_DELAY: '4s' }),
      config,
      ['buck2'],
    );
    expect(overridden.settings).toMatchObject({ attempts: '9', delay: '4s' });
    expect(overridden.origins).toMatchObject({
      attempts: '--attempts',
      delay: 'XRUN_DELAY',
      retryOn: 'xrun.config.json: profiles.ci.retryOn',
    });
  });

  it('unknown profiles and tools name where they came from', () => {
    expect(() => resolveSettings(flagLayer({ profile: 'nightly' }), {}, config, ['x'])).toThrow(
      new UsageError("--profile: unknown profile 'nightly' (xrun.config.json defines ci, local)"),
    );
    expect(() => resolveSettings({}, envLayer({ XRUN_PROFILE: 'ci' }), undefined, ['x'])).toThrow(
      new UsageError("XRUN_PROFILE: unknown profile 'ci' (no config file found)"),
    );
    expect(() => resolveSettings({}, envLayer({ XRUN_TOOL: 'buck3' }), undefined, ['x'])).toThrow(
      new UsageError("XRUN_TOOL: unknown tool 'buck3' (did you mean buck2?)"),
    );
  });

  it("buildPlan's own validation names the environment variable or the config key", () => {
    const bad = parseConfig('.xrunrc.json', { tools: { buck2: { retryOn: 'bussy' } }, delay: 'soon' });
    expect(() => planFrom(resolveSettings({}, {}, bad, ['buck2']), ['buck2'])).toThrow(
      new UsageError(
        ".xrunrc.json: tools.buck2.retryOn: unknown condition 'bussy' (expected an exit code, a range such as 129-192, a signal such as KILL, or one of failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)",
      ),
    );
    expect(() => planFrom(resolveSettings({}, {}, bad, ['x']), ['x'])).toThrow(
      new UsageError(".xrunrc.json: delay: 'soon' is not a duration (e.g. 250ms, 2s, 1m)"),
    );
    expect(() => planFrom(resolveSettings({}, envLayer({ XRUN_ATTEMPTS: '0' }), undefined, ['x']), ['x'])).toThrow(
      new UsageError("XRUN_ATTEMPTS: expected a whole number of at least 1, got '0'"),
    );
    expect(() => planFrom(resolveSettings(flagLayer({ attempts: '0' }), {}, undefined, ['x']), ['x'])).toThrow(
      new UsageError("--attempts: expected a whole number of at least 1, got '0'"),
    );
  });
});

describe('flagLayer and envLayer: each setting with where it came from', () => {
  it("names a flag's setting by its long flag; an unset one is absent", () => {
    expect(flagLayer({ quiet: true, attempts: '3', queue: false })).toEqual({
      quiet: { value: true, origin: '--quiet' },
      attempts: { value: '3', origin: '--attempts' },
      queue: { value: false, origin: '--no-queue' },
    });
    expect(flagLayer({})).toEqual({});
  });

  it.each([
    ['1', true],
    ['true', true],
    ['yes', true],
    ['0', false],
    ['false', false],
    ['no', false],
    ['TRUE', true],
    ['No', false],
  ])('an on/off variable %j is %s', (text, value) => {
    expect(envLayer({ XRUN_NORMALIZE: text })).toEqual({ normalize: { value, origin: 'XRUN_NORMALIZE' } });
  });

  it.each(['on', 'off', '2', ' 1', 'y'])('an on/off variable %j is a usage error', (text) => {
    expect(() => envLayer({ XRUN_QUEUE: text })).toThrow(
      new UsageError(`XRUN_QUEUE: expected 1, true, yes, 0, false or no, got '${text}'`),
    );
  });

  it('keeps the text of the other variables as given, and ignores variables that are not settings', () => {
    expect(envLayer({ XRUN_TIMEOUT: ' 5s', XRUN_SNAPSHOT: '0', XRUN_RETRYBUSY: '1', PATH: '/bin' })).toEqual({
      timeout: { value: ' 5s', origin: 'XRUN_TIMEOUT' },
    });
  });
});

describe("resolveSettings: the tool is --tool, XRUN_TOOL, the profile's or the file's tool, else the detected one", () => {
  const file = parseConfig('c.json', {
    tool: 'docker',
    tools: { docker: { attempts: 3 }, bazel: { attempts: 4 }, buck2: { attempts: 6 } },
    profiles: { ci: { tool: 'bazel' } },
  });
  const toolOf = (flags: object, env: NodeJS.ProcessEnv) => {
    const r = resolveSettings(flagLayer(flags), envLayer(env), file, ['buck2', 'build']);
    return [r.tool, r.settings.tool, r.origins.tool, r.settings.attempts, r.origins.attempts];
  };

  it.each<[string, object, NodeJS.ProcessEnv, unknown[]]>([
    ["the file's", {}, {}, ['docker', 'docker', 'c.json: tool', '3', 'c.json: tools.docker.attempts']],
    [
      "the profile's over the file's",
      { profile: 'ci' },
      {},
      ['bazel', 'bazel', 'c.json: profiles.ci.tool', '4', 'c.json: tools.bazel.attempts'],
    ],
    [
      'XRUN_TOOL over the profile',
      { profile: 'ci' },
      { XRUN_TOOL: 'buck2' },
      ['buck2', 'buck2', 'XRUN_TOOL', '6', 'c.json: tools.buck2.attempts'],
    ],
    [
      '--tool over XRUN_TOOL',
      { tool: 'generic' },
      { XRUN_TOOL: 'buck2' },
      ['generic', 'generic', '--tool', undefined, undefined],
    ],
  ])('%s', (_, flags, env, expected) => {
    expect(toolOf(flags, env)).toEqual(expected);
  });

  it('detected from the command without any; the config is kept only when there is one', () => {
    const r = resolveSettings({}, {}, undefined, ['env', 'A=1', 'podman', 'ps']);
    expect(r).toEqual({ settings: { tool: 'podman' }, origins: {}, tool: 'podman' });
    expect('config' in r).toBe(false);
    expect(resolveSettings({}, {}, file, ['x']).config).toBe(file);
  });

  it('a bad tool in the file names its key', () => {
    expect(() => resolveSettings({}, {}, parseConfig('c.json', { tool: 'buck3' }), ['x'])).toThrow(
      new UsageError("c.json: tool: unknown tool 'buck3' (did you mean buck2?)"),
    );
  });
});
