import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/explain.js';
import { explainReportLines } from '../../../src/run/report-explain.js';
import { readXrunReport } from '../../../src/run/report-read.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { SUCCESS_REPORT } from '../../helpers/report-fixture.js';
import { capturedOutput } from '../../helpers/stdout.js';
import { tempDir } from '../../helpers/xrun.js';

describe('xrun explain (cli/explain.ts)', () => {
  const output = capturedOutput();
  const home = process.cwd();
  // no config file above: the policy is the defaults plus the flags given
  const inEmptyDir = () => {
    const dir = tempDir('xrun-explain-');
    process.chdir(dir);
    return dir;
  };
  afterEach(() => process.chdir(home));

  it('CODE --tool NAME: that model’s reading and the policy’s decision', async () => {
    inEmptyDir();
    expect(await main(['125', '--tool', 'docker'])).toEqual({ kind: 'code', code: 0 });
    const lines = output.stdout().split('\n');
    expect(lines[0]).toBe('docker exit 125: DockerError');
    expect(lines).toContain('  category:     infra');
    expect(lines).toContain('  normalized:   2');
    expect(lines).toContain('  policy:       not retried: exit 125 DockerError (infra) is not retried by the policy');
  });

  it('CODE alone: one row per model', async () => {
    inEmptyDir();
    await main(['4']);
    const lines = output.stdout().split('\n');
    expect(lines[0]).toBe('exit 4 in every model:');
    expect(lines.slice(2, 7).map((l) => l.split(/ +/).slice(0, 2))).toEqual([
      ['buck2', 'DaemonIsBusy'],
      ['docker', 'ContainerExit'],
      ['podman', 'ContainerExit'],
      ['bazel', 'NO_TESTS_FOUND'],
      ['generic', 'Failure'],
    ]);
  });

  it('run options change the decision: --retry-busy retries buck2’s 4', async () => {
    inEmptyDir();
    await main(['4', '--tool', 'buck2', '--retry-busy', '--attempts', '3']);
    expect(output.stdout()).toMatch(/\n {2}policy: +retried/);
  });

  it('--signal NAME: a death by that signal', async () => {
    inEmptyDir();
    await main(['--signal', 'TERM', '--tool', 'bazel']);
    const lines = output.stdout().split('\n');
    expect(lines[0]).toBe('bazel death by signal 15: SIGTERM');
    expect(lines).toContain('  normalized:   143');
  });

  it('a command after -- picks the tool and its subcommand', async () => {
    inEmptyDir();
    await main(['3', '--', 'bazel', 'query', '//...']);
    expect(output.stdout().split('\n')[0]).toBe('bazel query exit 3: PARTIAL_ANALYSIS_FAILURE');
  });

  it('FILE: xrun’s own report, attempt by attempt', async () => {
    const dir = inEmptyDir();
    writeFileSync(join(dir, 'report.json'), JSON.stringify(SUCCESS_REPORT));
    expect(await main(['report.json'])).toEqual({ kind: 'code', code: 0 });
    const reading = readXrunReport(SUCCESS_REPORT);
    expect(reading.kind).toBe('read');
    if (reading.kind !== 'read') return;
    expect(output.stdout()).toBe(`${explainReportLines(reading.report).join('\n')}\n`);
    expect(output.stdout()).toContain('attempt 1');
  });

  it.each([
    [[], 'explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)'],
    [['4', '--signal', 'TERM'], 'explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)'],
    [['256'], "explain: expected an exit code 0-255, got '256'"],
    [['3', '--'], 'explain: give a command after -- (e.g. xrun explain 3 -- bazel query //...)'],
  ])('%j is a usage error: %s', async (argv, message) => {
    inEmptyDir();
    await expect(main(argv)).rejects.toThrow(new UsageError(message));
    expect(output.stdout()).toBe('');
  });

  it('a file that is no report, another schema version, or a directory: one line each', async () => {
    const dir = inEmptyDir();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ ...SUCCESS_REPORT, schemaVersion: 9 }));
    mkdirSync(join(dir, 'adir'));
    await expect(main(['notes.txt'])).rejects.toThrow(/^explain: notes\.txt is not a report xrun reads \(/);
    await expect(main(['v9.json'])).rejects.toThrow(
      'explain: "v9.json" is an xrun report of schema version 9; this xrun reads version 1',
    );
    await expect(main(['adir'])).rejects.toThrow(/^explain: "adir" is a directory, expected a report file/);
  });
});
