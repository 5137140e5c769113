import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/settings/config.js';
import { envLayer, flagLayer, planFrom, resolveSettings } from '../../../src/settings/layers.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { config } from './sample-config.js';

describe('config files', () => {
  it('converts JSON values into RunSettings strings, each with the key it came from', () => {
    expect(config.base).toEqual({
      attempts: { value: '2', origin: 'xrun.config.json: attempts' },
      delay: { value: '1s', origin: 'xrun.config.json: delay' },
      quiet: { value: true, origin: 'xrun.config.json: quiet' },
    });
    expect(config.profiles['ci']!.base.retryOn).toEqual({
      value: 'network,2',
      origin: 'xrun.config.json: profiles.ci.retryOn',
    });
    expect(parseConfig('package.json', { map: { 'no-tests': 0, '4': 75 } }, 'xrun.').base.map).toEqual({
      value: '4=75,no-tests=0',
      origin: 'package.json: xrun.map',
    });
  });

  it.each([
    [
      { atempts: 3 },
      'xrun.config.json: atempts: unknown key (expected one of retryBusy, retryConnect, retryOn, retryOnOutput, stopOn, stopOnOutput, rules, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, structured, holdStdout, stdinBuffer, queue, color, fleet, fleetBudget, fleetWindow, fleetCooldown, fleetKey, fleetTimeout, tools, profiles)',
    ],
    [{ retryBusy: 'yes' }, 'xrun.config.json: retryBusy: expected true or false, got "yes"'],
    [{ attempts: true }, 'xrun.config.json: attempts: expected a whole number of at least 1, got true'],
    [
      { delay: [1] },
      'xrun.config.json: delay: expected a duration string such as "2s" or a number of seconds, got [1]',
    ],
    [
      { retryOn: [] },
      'xrun.config.json: retryOn: expected a comma-separated string or an array of categories and exit codes, got []',
    ],
    [
      { map: { 'no-tests': '0' } },
      'xrun.config.json: map: expected a "FROM=TO,..." string or an object such as {"no-tests": 0}, got {"no-tests":"0"}',
    ],
    [{ tool: 3 }, 'xrun.config.json: tool: expected a string, got 3'],
    [[], 'xrun.config.json: expected an object, got []'],
    [{ tools: [] }, 'xrun.config.json: tools: expected an object, got []'],
    [{ tools: { buck: {} } }, 'xrun.config.json: tools.buck: unknown tool (did you mean buck2?)'],
    [
      { tools: { buck2: { tool: 'docker' } } },
      'xrun.config.json: tools.buck2.tool: unknown key (expected one of retryBusy, retryConnect, retryOn, retryOnOutput, stopOn, stopOnOutput, rules, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, quiet, report, structured, holdStdout, stdinBuffer, queue, color, fleet, fleetBudget, fleetWindow, fleetCooldown, fleetKey, fleetTimeout)',
    ],
    [
      { profiles: { ci: { profiles: {} } } },
      'xrun.config.json: profiles.ci.profiles: unknown key (expected one of retryBusy, retryConnect, retryOn, retryOnOutput, stopOn, stopOnOutput, rules, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, structured, holdStdout, stdinBuffer, queue, color, fleet, fleetBudget, fleetWindow, fleetCooldown, fleetKey, fleetTimeout, tools)',
    ],
    [{ profiles: { ci: 1 } }, 'xrun.config.json: profiles.ci: expected an object, got 1'],
  ])('rejects %j with one line naming the key and what was expected', (json, message) => {
    expect(() => parseConfig('xrun.config.json', json)).toThrow(new UsageError(message));
  });

  it('names package.json\'s "xrun" key', () => {
    expect(() => parseConfig('package.json', 'x', 'xrun.')).toThrow(
      new UsageError('package.json: xrun: expected an object, got "x"'),
    );
    expect(() => parseConfig('package.json', { tools: { bazel: { normalize: 1 } } }, 'xrun.')).toThrow(
      new UsageError('package.json: xrun.tools.bazel.normalize: expected true or false, got 1'),
    );
  });
});

const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'] as const;
const KEYS =
  'retryBusy, retryConnect, retryOn, retryOnOutput, stopOn, stopOnOutput, rules, attempts, delay, maxDelay, backoff, jitter, stagger, onRetry, timeout, killAfter, signal, deadline, normalize, map, tool, quiet, report, structured, holdStdout, stdinBuffer, queue, color, fleet, fleetBudget, fleetWindow, fleetCooldown, fleetKey, fleetTimeout';

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
    const own = parseConfig(
      'c.json',
      JSON.parse(`{"profiles": {"${name}": {"attempts": 4, "tools": {"buck2": {"delay": "1s"}}}}}`),
    );
    expect(Object.keys(own.profiles)).toEqual([name]);
    expect(resolveSettings(flagLayer({ profile: name }), {}, own, ['buck2']).settings).toMatchObject({
      attempts: '4',
      delay: '1s',
      profile: name,
    });
    expect(() => resolveSettings(flagLayer({ profile: 'ci' }), {}, own, ['x'])).toThrow(
      new UsageError(`--profile: unknown profile 'ci' (c.json defines ${name})`),
    );
  });

  it('as a map category: not a category', () => {
    const c = parseConfig('c.json', JSON.parse(`{"map": {"${name}": 0}}`));
    expect(() => planFrom(resolveSettings({}, {}, c, ['x']), ['x'])).toThrow(UsageError);
  });
});
