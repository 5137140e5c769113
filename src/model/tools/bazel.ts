import { programRefinement } from './program.js';
import type { Refinement, ToolModel } from './types.js';

// Source: bazelbuild/bazel src/main/java/com/google/devtools/build/lib/util/ExitCode.java@1b5712c6,
// summarised in docs/exit-codes.md (Bazel).
const EXIT_CODE_JAVA = 'bazelbuild/bazel src/main/java/com/google/devtools/build/lib/util/ExitCode.java';
const EXIT_CODE_H = 'bazelbuild/bazel src/main/cpp/util/exit_code.h';
const QUERY_JAVA =
  'bazelbuild/bazel src/main/java/com/google/devtools/build/lib/runtime/commands/QueryEnvironmentBasedCommand.java';
const FAILURE_DETAILS = 'bazelbuild/bazel src/main/protobuf/failure_details.proto (Query codes)';
const RUN_PASSTHROUGH = 'bazelbuild/bazel src/main/java/com/google/devtools/build/lib/runtime/commands/RunCommand.java';

const query: Refinement = {
  subcommands: ['query', 'cquery', 'aquery'],
  via: 'bazel query',
  table: 'override',
  passthrough: false,
  codes: [
    {
      code: 3,
      name: 'PARTIAL_ANALYSIS_FAILURE',
      category: 'user',
      meaning: 'errors were reported, the result is partial (--keep_going)',
      source: `${QUERY_JAVA}; ${EXIT_CODE_JAVA}`,
    },
    {
      code: 7,
      name: 'ANALYSIS_FAILURE',
      category: 'user',
      meaning: 'the query failed',
      source: `${FAILURE_DETAILS}; ${EXIT_CODE_JAVA}`,
    },
  ],
};

// every code is the program's: bazel's own failures before it runs share the numbers
const run = programRefinement('bazel run', ['run'], RUN_PASSTHROUGH);

export const bazel: ToolModel = {
  tool: 'bazel',
  title: 'Bazel',
  codes: [
    { code: 0, name: 'SUCCESS', category: 'success', meaning: 'the command succeeded', source: EXIT_CODE_JAVA },
    { code: 1, name: 'BUILD_FAILURE', category: 'user', meaning: 'the build failed', source: EXIT_CODE_JAVA },
    {
      code: 2,
      name: 'COMMAND_LINE_ERROR',
      category: 'user',
      meaning: 'bad flags, flag combination or environment',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 3,
      name: 'TESTS_FAILED',
      category: 'test-failure',
      meaning: 'build succeeded but tests failed or timed out',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 4,
      name: 'NO_TESTS_FOUND',
      category: 'no-tests',
      meaning: 'build succeeded but no tests were found',
      source: EXIT_CODE_JAVA,
    },
    { code: 6, name: 'RUN_FAILURE', category: 'user', meaning: 'bazel run failed', source: EXIT_CODE_JAVA },
    { code: 7, name: 'ANALYSIS_FAILURE', category: 'user', meaning: 'analysis failed', source: EXIT_CODE_JAVA },
    {
      code: 8,
      name: 'INTERRUPTED',
      category: 'signal',
      signal: 'SIGINT',
      meaning: 'interrupted, orderly shutdown',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 9,
      name: 'LOCK_HELD_NOBLOCK_FOR_LOCK',
      category: 'busy',
      meaning: 'another command holds the server lock (--noblock_for_lock)',
      source: `${EXIT_CODE_JAVA}; bazelbuild/bazel#13737`,
      onlyWith: {
        options: ['--noblock_for_lock', '--block_for_lock=false', '--block_for_lock=no', '--block_for_lock=0'],
        shown: 'the startup option --noblock_for_lock',
        where: 'before-subcommand',
        otherwise: 'bazel waits for the lock',
      },
    },
    {
      code: 32,
      name: 'REMOTE_ENVIRONMENTAL_ERROR',
      category: 'infra',
      meaning: 'infrastructure failure not on this machine',
      source: EXIT_CODE_JAVA,
    },
    { code: 33, name: 'OOM_ERROR', category: 'oom', meaning: 'bazel ran out of memory', source: EXIT_CODE_JAVA },
    {
      code: 34,
      name: 'REMOTE_ERROR',
      category: 'infra',
      meaning: 'remote execution or cache error',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 36,
      name: 'LOCAL_ENVIRONMENTAL_ERROR',
      category: 'infra',
      meaning: 'local environmental error, suspected permanent',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 37,
      name: 'BLAZE_INTERNAL_ERROR',
      category: 'daemon-died',
      meaning: 'the server died (external SIGKILL, a JVM crash) or an internal error',
      source: `${EXIT_CODE_JAVA}; ${EXIT_CODE_H}`,
    },
    {
      code: 38,
      name: 'PUBLISH_ERROR',
      category: 'network',
      meaning: 'transient error publishing to the Build Event Service',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 39,
      name: 'REMOTE_CACHE_EVICTED',
      category: 'infra',
      meaning: 'blobs were evicted from the remote cache',
      source: `${EXIT_CODE_JAVA}; bazelbuild/bazel#18171`,
    },
    {
      code: 45,
      name: 'PERSISTENT_BUILD_EVENT_SERVICE_UPLOAD_ERROR',
      category: 'infra',
      meaning: 'persistent Build Event Service upload error',
      source: EXIT_CODE_JAVA,
    },
    {
      code: 48,
      name: 'EXTERNAL_DEPS_ERROR',
      category: 'infra',
      meaning: 'external dependency (repository or module) error',
      source: EXIT_CODE_JAVA,
    },
  ],
  rules: [],
  // bazel run's codes are the program's (its refinement); elsewhere a code outside the table is no bazel code
  otherCodes: {
    name: 'UnknownExit',
    category: 'failure',
    meaning: "a code bazel's table does not name",
    source: EXIT_CODE_JAVA,
  },
  signalCodes: 'bazel run passes the program status through (128+N for a signal)',
  refinements: [query, run],
};
