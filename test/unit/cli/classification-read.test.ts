import { describe, expect, it } from 'vitest';
import { classificationRead } from '../../../src/cli/classification-read.js';
import { buildPlan, type RunSettings } from '../../../src/settings/plan.js';

const stopRule = JSON.stringify([
  Object.fromEntries([
    ['when', { code: 3 }],
    ['then', 'stop'],
  ]),
]);

describe('classificationRead', () => {
  it.each<[string, RunSettings]>([
    ['a retry flag', { retryBusy: true }],
    ['--attempts alone (it retries failures)', { attempts: '3' }],
    ['--attempts 1 (its give-up line names the category)', { attempts: '1' }],
    ['--retry-on', { retryOn: '2' }],
    ['--stop-on', { stopOn: '9' }],
    ['an output pattern', { stopOnOutput: 'x' }],
    ["a rule (it may stop or map on the model's category)", { rules: stopRule }],
    ['--normalize', { normalize: true }],
    ['--map', { map: '3=4' }],
    ['--report', { report: 'run.json' }],
    ['--fleet', { fleet: 'redis://127.0.0.1:6379' }],
  ])('%s: the classification is read', (_name, settings) => {
    expect(classificationRead(buildPlan(settings, ['buck2', 'build']), false)).toBe(true);
  });

  it.each<[string, RunSettings]>([
    ['no setting', {}],
    ['--quiet, --color, --tool', { quiet: true, color: 'never', tool: 'docker' }],
    [
      'a timeout and how to stop (their classification reads no message)',
      { timeout: '1m', killAfter: '2s', signal: 'HUP' },
    ],
    ['--deadline, --stagger, --stdin-buffer', { deadline: '1h', stagger: '1s', stdinBuffer: '1MiB' }],
    ['--structured, --hold-stdout', { structured: true, holdStdout: true }],
  ])('%s: nothing reads it', (_name, settings) => {
    expect(classificationRead(buildPlan(settings, ['buck2', 'build']), false)).toBe(false);
  });

  it('a GitHub step summary (it holds the report) makes them count in a plan that has nothing else', () => {
    expect(classificationRead(buildPlan({}, ['docker', 'ps']), true)).toBe(true);
  });
});
