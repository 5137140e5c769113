import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/settings/config.js';
import { envLayer, envNameOf, flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';
import { UsageError } from '../../../src/settings/usage-error.js';

const config = parseConfig('xrun.config.json', {
  attempts: 2,
  delay: '1s',
  quiet: true,
  tools: { buck2: { retryBusy: true, retryConnect: true, attempts: 5 } },
  profiles: { ci: { attempts: 7, retryOn: ['network', 2], tools: { buck2: { delay: 3 } } }, local: { normalize: true } },
});

describe('config files', () => {
  it('converts JSON values into RunSettings strings, each with the key it came from', () => {
    expect(config.base).toEqual({
      attempts: { value: '2', origin: 'xrun.config.json: attempts' },
      delay: { value: '1s', origin: 'xrun.config.json: delay' },
      quiet: { value: true, origin: 'xrun.config.json: quiet' },
    });
    expect(config.profiles['ci']!.base.retryOn).toEqual({ value: 'network,2', origin: 'xrun.config.json: profiles.ci.retryOn' });
    expect(parseConfig('package.json', { map: { 'no-tests': 0, '4': 75 } }, 'xrun.').base.map).toEqual({
      value: '4=75,no-tests=0',
      origin: 'package.json: xrun.map',
    });
  });

  it.each([
    [
      { atempts: 3 },
      'xrun.config.json: atempts: unknown key (expected one of retryBusy, retryConnect, retryOn, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, stdinBuffer, queue, tools, profiles)',
    ],
    [{ retryBusy: 'yes' }, 'xrun.config.json: retryBusy: expected true or false, got "yes"'],
    [{ attempts: true }, 'xrun.config.json: attempts: expected a whole number of at least 1, got true'],
    [{ delay: [1] }, 'xrun.config.json: delay: expected a duration string such as "2s" or a number of seconds, got [1]'],
    [{ retryOn: [] }, 'xrun.config.json: retryOn: expected a comma-separated string or an array of categories and exit codes, got []'],
    [{ map: { 'no-tests': '0' } }, 'xrun.config.json: map: expected a "FROM=TO,..." string or an object such as {"no-tests": 0}, got {"no-tests":"0"}'],
    [{ tool: 3 }, 'xrun.config.json: tool: expected a string, got 3'],
    [[], 'xrun.config.json: expected an object, got []'],
    [{ tools: [] }, 'xrun.config.json: tools: expected an object, got []'],
    [{ tools: { buck: {} } }, 'xrun.config.json: tools.buck: unknown tool (expected one of buck2, docker, podman, bazel, generic)'],
    [
      { tools: { buck2: { tool: 'docker' } } },
      'xrun.config.json: tools.buck2.tool: unknown key (expected one of retryBusy, retryConnect, retryOn, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, quiet, report, stdinBuffer, queue)',
    ],
    [
      { profiles: { ci: { profiles: {} } } },
      'xrun.config.json: profiles.ci.profiles: unknown key (expected one of retryBusy, retryConnect, retryOn, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, stdinBuffer, queue, tools)',
    ],
    [{ profiles: { ci: 1 } }, 'xrun.config.json: profiles.ci: expected an object, got 1'],
  ])('rejects %j with one line naming the key and what was expected', (json, message) => {
    expect(() => parseConfig('xrun.config.json', json)).toThrow(new UsageError(message));
  });

  it('names package.json\'s "xrun" key', () => {
    expect(() => parseConfig('package.json', 'x', 'xrun.')).toThrow(new UsageError('package.json: xrun: expected an object, got "x"'));
    expect(() => parseConfig('package.json', { tools: { bazel: { normalize: 1 } } }, 'xrun.')).toThrow(
      new UsageError('package.json: xrun.tools.bazel.normalize: expected true or false, got 1'),
    );
  });
});

const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'] as const;
const KEYS =
  'retryBusy, retryConnect, retryOn, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, stdinBuffer, queue';

// JSON.parse, not an object literal: "__proto__" is then an own key, as in a config file.
describe.each(PROTOTYPE_NAMES)('the name %s is ordinary data', (name) => {
  it('as a key: unknown, at the top, in a tool section and in a profile', () => {
    expect(() => parseConfig('c.json', JSON.parse(`{"${name}": 1}`))).toThrow(
      new UsageError(`c.json: ${name}: unknown key (expected one of ${KEYS}, tools, profiles)`),
    );
    expect(() => parseConfig('c.json', JSON.parse(`{"tools": {"buck2": {"${name}": 1}}}`))).toThrow(
      new UsageError(`c.json: tools.buck2.${name}: unknown key (expected one of ${KEYS.replace(', tool,', ',')})`),
    );
    expect(() => parseConfig('c.json', JSON.parse(`{"profiles": {"ci": {"${name}": true}}}`))).toThrow(
      new UsageError(`c.json: profiles.ci.${name}: unknown key (expected one of ${KEYS}, tools)`),
    );
  });

  it('as a tool section name: an unknown tool', () => {
    expect(() => parseConfig('c.json', JSON.parse(`{"tools": {"${name}": {}}}`))).toThrow(
      new UsageError(`c.json: tools.${name}: unknown tool (expected one of buck2, docker, podman, bazel, generic)`),
    );
  });

  it('as a profile name: the normal unknown-profile error, or a profile like any other', () => {
    for (const c of [config, parseConfig('c.json', {})]) {
      const known = Object.keys(c.profiles).join(', ') || 'none';
      expect(() => resolveSettings(flagLayer({ profile: name }), {}, c, ['x'])).toThrow(
        new UsageError(`--profile: unknown profile '${name}' (${c.file} defines ${known})`),
      );
    }
    expect(() => resolveSettings({}, envLayer({ XRUN_PROFILE: name }), undefined, ['x'])).toThrow(
      new UsageError(`XRUN_PROFILE: unknown profile '${name}' (no config file found)`),
    );
    const own = parseConfig('c.json', JSON.parse(`{"profiles": {"${name}": {"attempts": 4, "tools": {"buck2": {"delay": "1s"}}}}}`));
    expect(Object.keys(own.profiles)).toEqual([name]);
    expect(resolveSettings(flagLayer({ profile: name }), {}, own, ['buck2']).settings).toMatchObject({ attempts: '4', delay: '1s', profile: name });
    expect(() => resolveSettings(flagLayer({ profile: 'ci' }), {}, own, ['x'])).toThrow(
      new UsageError(`--profile: unknown profile 'ci' (c.json defines ${name})`),
    );
  });

  it('as a map category: not a category', () => {
    const c = parseConfig('c.json', JSON.parse(`{"map": {"${name}": 0}}`));
    expect(() => planFrom(resolveSettings({}, {}, c, ['x']), ['x'])).toThrow(UsageError);
  });
});

describe('precedence: flags, environment, config (profile tool, profile, tool, base), defaults', () => {
  it('reads every XRUN_* variable; booleans are 1/true/yes/0/false/no; empty is unset', () => {
    expect(envNameOf('maxDelay')).toBe('XRUN_MAX_DELAY');
    expect(envLayer({ XRUN_ATTEMPTS: '3', XRUN_RETRY_BUSY: 'yes', XRUN_QUIET: '0', XRUN_DELAY: '', XRUN_PROFILE: 'ci' })).toEqual({
      attempts: { value: '3', origin: 'XRUN_ATTEMPTS' },
      retryBusy: { value: true, origin: 'XRUN_RETRY_BUSY' },
      quiet: { value: false, origin: 'XRUN_QUIET' },
      profile: { value: 'ci', origin: 'XRUN_PROFILE' },
    });
    expect(() => envLayer({ XRUN_NORMALIZE: 'on' })).toThrow(new UsageError("XRUN_NORMALIZE: expected 1, true, yes, 0, false or no, got 'on'"));
  });

  it('layers per setting, the per-tool section applying to the detected tool only', () => {
    const buck2 = resolveSettings({}, {}, config, ['buck2', 'build']);
    expect(buck2.settings).toEqual({ tool: 'buck2', attempts: '5', delay: '1s', quiet: true, retryBusy: true, retryConnect: true });
    expect(buck2.origins.attempts).toBe('xrun.config.json: tools.buck2.attempts');
    const other = resolveSettings({}, {}, config, ['make']);
    expect(other.settings).toEqual({ tool: 'generic', attempts: '2', delay: '1s', quiet: true });
  });

  it('a profile overrides the tool section; its own tool section overrides the profile; env and flags override all', () => {
    const env = envLayer({ XRUN_PROFILE: 'ci' });
    const r = resolveSettings({}, env, config, ['buck2']);
    expect(r.settings).toMatchObject({ attempts: '7', delay: '3', retryOn: 'network,2', retryBusy: true, profile: 'ci' });
    const overridden = resolveSettings(flagLayer({ attempts: '9' }), envLayer({ XRUN_PROFILE: 'ci', XRUN_ATTEMPTS: '8', XRUN_DELAY: '4s' }), config, ['buck2']);
    expect(overridden.settings).toMatchObject({ attempts: '9', delay: '4s' });
    expect(overridden.origins).toMatchObject({ attempts: '--attempts', delay: 'XRUN_DELAY', retryOn: 'xrun.config.json: profiles.ci.retryOn' });
  });

  it('unknown profiles and tools name where they came from', () => {
    expect(() => resolveSettings(flagLayer({ profile: 'nightly' }), {}, config, ['x'])).toThrow(
      new UsageError("--profile: unknown profile 'nightly' (xrun.config.json defines ci, local)"),
    );
    expect(() => resolveSettings({}, envLayer({ XRUN_PROFILE: 'ci' }), undefined, ['x'])).toThrow(
      new UsageError("XRUN_PROFILE: unknown profile 'ci' (no config file found)"),
    );
    expect(() => resolveSettings({}, envLayer({ XRUN_TOOL: 'buck3' }), undefined, ['x'])).toThrow(
      new UsageError("XRUN_TOOL: unknown tool 'buck3' (expected one of buck2, docker, podman, bazel, generic)"),
    );
  });

  it("buildPlan's own validation names the environment variable or the config key", () => {
    const bad = parseConfig('.xrunrc.json', { tools: { buck2: { retryOn: 'bussy' } }, delay: 'soon' });
    expect(() => planFrom(resolveSettings({}, {}, bad, ['buck2']), ['buck2'])).toThrow(
      new UsageError(
        ".xrunrc.json: tools.buck2.retryOn: unknown category 'bussy' (expected an exit code or one of failure, infra, user, busy, preempted, timeout, connect, oom, test-failure, no-tests, network, rate-limit, daemon-died, signal)",
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
