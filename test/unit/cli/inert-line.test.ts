import { describe, expect, it } from 'vitest';
import { inertRetriesLine } from '../../../src/cli/inert-line.js';
import { buildPlan } from '../../../src/settings/plan.js';

type Settings = Parameters<typeof buildPlan>[0];
const linesOf = (settings: Settings, command: string[]) => inertRetriesLine(buildPlan(settings, command));

const BOTH =
  'inert: buck2 exits 4 (DaemonIsBusy) only with --exit-when=notidle|differentstate (else a second command waits inside the daemon) and 5 (DaemonPreempted) only with --preemptible=always|ondifferentstate (else a newer command waits for this one), so retrying them does nothing for this command';
const FOUR =
  'inert: buck2 exits 4 (DaemonIsBusy) only with --exit-when=notidle|differentstate (else a second command waits inside the daemon), so retrying it does nothing for this command';

describe('inertRetriesLine', () => {
  it('buck2 build with --retry-busy and neither option: one line naming 4 and 5', () => {
    expect(linesOf({ retryBusy: true }, ['buck2', 'build', '//...'])).toEqual([BOTH]);
  });

  it('only the codes the policy retries: --retry-on 4 names 4 alone', () => {
    expect(linesOf({ retryOn: '4' }, ['buck2', 'build'])).toEqual([FOUR]);
  });

  it('a code retried though the attempts are spent (one attempt) still counts', () => {
    expect(linesOf({ retryOn: '4', attempts: '1' }, ['buck2', 'build'])).toEqual([FOUR]);
  });

  it('--attempts alone retries what buck2 calls transient, busy among it', () => {
    expect(linesOf({ attempts: '3' }, ['buck2', 'build'])).toEqual([BOTH]);
  });

  it('nothing retried: no line', () => {
    expect(linesOf({}, ['buck2', 'build'])).toEqual([]);
    expect(linesOf({ retryOn: '1' }, ['buck2', 'build'])).toEqual([]);
  });

  it('an option that makes a code possible, after the subcommand, in either form: no line', () => {
    expect(linesOf({ retryBusy: true }, ['buck2', 'build', '--exit-when', 'notidle', '//...'])).toEqual([]);
    expect(linesOf({ retryBusy: true }, ['buck2', 'build', '--preemptible=always'])).toEqual([]);
  });

  it("an option after the command's -- is an argument, not buck2's", () => {
    expect(linesOf({ retryBusy: true }, ['buck2', 'run', '//:x', '--', '--exit-when=notidle'])).toEqual([BOTH]);
  });

  it('the command read through a prefix (env VAR=x buck2 ...)', () => {
    expect(linesOf({ retryBusy: true }, ['env', 'A=1', 'buck2', 'build'])).toEqual([BOTH]);
    expect(linesOf({ retryBusy: true }, ['env', 'A=1', 'buck2', 'build', '--exit-when=notidle'])).toEqual([]);
  });

  it('bazel: a startup option counts before the subcommand only', () => {
    const line =
      'inert: bazel exits 9 (LOCK_HELD_NOBLOCK_FOR_LOCK) only with the startup option --noblock_for_lock (else bazel waits for the lock), so retrying it does nothing for this command';
    expect(linesOf({ retryBusy: true }, ['bazel', 'build', '//...'])).toEqual([line]);
    expect(linesOf({ retryBusy: true }, ['bazel', '--noblock_for_lock', 'build', '//...'])).toEqual([]);
    expect(linesOf({ retryBusy: true }, ['bazel', '--block_for_lock=no', 'build'])).toEqual([]);
    expect(linesOf({ retryBusy: true }, ['bazel', 'build', '--noblock_for_lock'])).toEqual([line]);
  });

  it('a tool with no codes gated by an option: no line', () => {
    expect(linesOf({ retryOn: '1-255' }, ['make'])).toEqual([]);
    expect(linesOf({ retryOn: '1-255' }, ['docker', 'build', '.'])).toEqual([]);
  });
});
