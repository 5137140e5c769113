import { describe, expect, it } from 'vitest';
import { inertCodes, inertLine } from '../../../src/model/inert.js';
import { models } from '../../../src/model/tools/index.js';

const all = () => true;
const codesOf = (entries: { code: number }[]) => entries.map((e) => e.code);

describe('inertCodes: retried codes the command cannot produce', () => {
  it.each<[string, string[], string[], number[]]>([
    ['buck2 build, no option', [], ['//...'], [4, 5]],
    ['--exit-when=notidle', [], ['--exit-when=notidle', '//...'], []],
    ['--exit-when differentstate (two words)', [], ['--exit-when', 'differentstate'], []],
    ['--EXIT-WHEN=NotIdle (clap ignores case)', [], ['--EXIT-WHEN=NotIdle'], []],
    ['the old boolean flag', [], ['--exit-when-different-state'], []],
    ['--preemptible=always', [], ['--preemptible=always'], []],
    ['--preemptible=never is the default: inert', [], ['--preemptible=never'], [4, 5]],
    ['--preemptible never (two words): inert', [], ['--preemptible', 'never'], [4, 5]],
    ["after -- the option is the target program's", [], ['//:t', '--', '--exit-when=notidle'], [4, 5]],
    ['before the subcommand it is not a command option', ['--exit-when=notidle'], ['//...'], [4, 5]],
  ])('buck2: %s', (_, before, after, inert) => {
    expect(codesOf(inertCodes(models.buck2, before, after, all))).toEqual(inert);
  });

  it.each<[string, string[], string[], number[]]>([
    ['bazel build', [], ['//...'], [9]],
    ['--noblock_for_lock before the command', ['--noblock_for_lock'], ['//...'], []],
    ['--block_for_lock=false', ['--block_for_lock=false'], [], []],
    ['--noblock_for_lock after the command is ignored by bazel', [], ['--noblock_for_lock'], [9]],
  ])('bazel: %s', (_, before, after, inert) => {
    expect(codesOf(inertCodes(models.bazel, before, after, all))).toEqual(inert);
  });

  it('only the codes the policy retries; a tool without such codes has none', () => {
    expect(codesOf(inertCodes(models.buck2, [], [], (e) => e.code === 4))).toEqual([4]);
    expect(inertCodes(models.buck2, [], [], () => false)).toEqual([]);
    expect(inertCodes(models.docker, [], [], all)).toEqual([]);
  });
});

describe('inertLine', () => {
  it('names each code, the options it needs and what happens without them', () => {
    expect(inertLine('buck2', inertCodes(models.buck2, [], [], all))).toBe(
      'inert: buck2 exits 4 (DaemonIsBusy) only with --exit-when=notidle|differentstate (else a second command waits inside the daemon) and 5 (DaemonPreempted) only with --preemptible=always|ondifferentstate (else a newer command waits for this one), so retrying them does nothing for this command',
    );
    expect(inertLine('bazel', inertCodes(models.bazel, [], [], all))).toBe(
      'inert: bazel exits 9 (LOCK_HELD_NOBLOCK_FOR_LOCK) only with the startup option --noblock_for_lock (else bazel waits for the lock), so retrying it does nothing for this command',
    );
  });
});
