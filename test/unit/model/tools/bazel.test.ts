import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { bazel } from '../../../../src/model/tools/bazel.js';

// the normalization issue 4 asks for: 1/2 user, 3 -> 32, 4 -> 64, 8 -> 130, 9 busy, 33 oom, infra and network 2
const ROWS: [number, string, string, number][] = [
  [0, 'SUCCESS', 'success', 0],
  [1, 'BUILD_FAILURE', 'user', 3],
  [2, 'COMMAND_LINE_ERROR', 'user', 3],
  [3, 'TESTS_FAILED', 'test-failure', 32],
  [4, 'NO_TESTS_FOUND', 'no-tests', 64],
  [8, 'INTERRUPTED', 'signal', 130],
  [9, 'LOCK_HELD_NOBLOCK_FOR_LOCK', 'busy', 4],
  [32, 'REMOTE_ENVIRONMENTAL_ERROR', 'infra', 2],
  [33, 'OOM_ERROR', 'oom', 12],
  [34, 'REMOTE_ERROR', 'infra', 2],
  [36, 'LOCAL_ENVIRONMENTAL_ERROR', 'infra', 2],
  [37, 'BLAZE_INTERNAL_ERROR', 'daemon-died', 2],
  [38, 'PUBLISH_ERROR', 'network', 2],
  [39, 'REMOTE_CACHE_EVICTED', 'infra', 2],
  [45, 'PERSISTENT_BUILD_EVENT_SERVICE_UPLOAD_ERROR', 'infra', 2],
  [5, 'UnknownExit', 'failure', 1],
];

describe("bazel's model (model/tools/bazel.ts)", () => {
  it.each(ROWS)('exit %i is %s (%s, normalized %i)', (code, name, category, normalized) => {
    expect(classifyExitCode(bazel, code)).toMatchObject({ name, category, normalizedCode: normalized, rawCode: code });
  });

  it('9 (the lock is held) happens only with the startup option --noblock_for_lock', () => {
    expect(bazel.codes.find((c) => c.code === 9)?.onlyWith).toEqual({
      options: ['--noblock_for_lock', '--block_for_lock=false', '--block_for_lock=no', '--block_for_lock=0'],
      shown: 'the startup option --noblock_for_lock',
      where: 'before-subcommand',
      otherwise: 'bazel waits for the lock',
    });
    expect(bazel.codes.filter((c) => c.onlyWith !== undefined).map((c) => c.code)).toEqual([9]);
  });

  it('reads codes only: no message rules, so a message never changes a code', () => {
    expect(bazel.rules).toEqual([]);
    expect(classifyExitCode(bazel, 36, 'ERROR: Failed to connect to buck daemon.')).toMatchObject({
      name: 'LOCAL_ENVIRONMENTAL_ERROR',
      category: 'infra',
    });
  });

  it('query, cquery and aquery override 3 and 7; run hands the code to the program', () => {
    expect(bazel.refinements?.map((r) => [r.via, r.subcommands, r.table, r.passthrough])).toEqual([
      ['bazel query', ['query', 'cquery', 'aquery'], 'override', false],
      ['bazel run', ['run'], 'own', true],
    ]);
    expect(bazel.refinements?.[0]?.codes.map((c) => [c.code, c.name, c.category])).toEqual([
      [3, 'PARTIAL_ANALYSIS_FAILURE', 'user'],
      [7, 'ANALYSIS_FAILURE', 'user'],
    ]);
  });
});
