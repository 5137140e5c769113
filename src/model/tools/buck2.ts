import { programRefinement } from './program.js';
import type { Refinement, ToolModel } from './types.js';

// Sources: buck2's exit-code docs page and its code at facebook/buck2@13baa8a1d181428b17e1873fcb129793fa36d463,
// summarised in docs/exit-codes.md (Buck2). Where the docs and the code disagree the code wins.
const DOCS = 'facebook/buck2 docs/users/commands_extra/exit_codes.md';
const EXIT_CODE_RS = 'facebook/buck2 app/buck2_error/src/exit_code.rs';
const CLASSIFY_RS = 'facebook/buck2 app/buck2_error/src/classify.rs';
const CONCURRENCY_RS = 'facebook/buck2 app/buck2_server_ctx/src/concurrency.rs';
const STREAMING_RS = 'facebook/buck2 app/buck2_client_ctx/src/streaming.rs';
const CONNECT_RS = 'facebook/buck2 app/buck2_client_ctx/src/daemon/client/connect.rs';
const EVENTS_CTX_RS = 'facebook/buck2 app/buck2_client_ctx/src/events_ctx.rs';
const TEST_RS = 'facebook/buck2 app/buck2_client/src/commands/test.rs';
const RUN_RS = 'facebook/buck2 app/buck2_client/src/commands/run.rs (ExitResult::exec)';
const COMMON_RS = 'facebook/buck2 app/buck2_client_ctx/src/common.rs (--exit-when, --preemptible)';

// buck2 run replaces itself with the target program: every code is the program's
const run = programRefinement('buck2 run', ['run'], RUN_RS);

// buck2 test passes the test executor's verdict through (ExecutorError::new, "exit codes from tpx")
const test: Refinement = {
  subcommands: ['test'],
  via: 'buck2 test',
  table: 'override',
  passthrough: false,
  codes: [
    {
      code: 2,
      name: 'InfraErrorOrCancellations',
      category: 'failure',
      meaning: "InfraError, or the executor's completed with cancellations (the report tells)",
      source: `${TEST_RS} (ExecutorError::CompletedWithCancellations); ${CLASSIFY_RS}`,
    },
    {
      code: 42,
      name: 'NeedsBaseRevisionRetry',
      category: 'test-failure',
      meaning: 'tests failed; needs a run on the base revision',
      source: TEST_RS,
    },
    {
      code: 43,
      name: 'NeedsAdditionalVerification',
      category: 'test-failure',
      meaning: 'tests failed; needs additional verification',
      source: TEST_RS,
    },
  ],
  otherCodes: {
    name: 'TestRunner',
    category: 'failure',
    meaning: "the test executor's own exit code, passed through",
    source: `${EXIT_CODE_RS} (TestRunner(u8)); ${TEST_RS} ~L552-572`,
  },
};

export const buck2: ToolModel = {
  tool: 'buck2',
  title: 'Buck2',
  codes: [
    {
      code: 0,
      name: 'Success',
      category: 'success',
      meaning: 'the command succeeded',
      source: `${DOCS}; ${EXIT_CODE_RS}`,
    },
    {
      code: 1,
      name: 'UnknownFailure',
      category: 'failure',
      meaning: 'failed with an error buck2 could not identify',
      source: `${DOCS}; ${CLASSIFY_RS} (rank!(unspecified))`,
    },
    {
      code: 2,
      name: 'InfraError',
      category: 'infra',
      meaning: 'infrastructure error (environment or tier0 tag)',
      source: `${DOCS}; ${CLASSIFY_RS}`,
    },
    {
      code: 3,
      name: 'UserError',
      category: 'user',
      meaning: 'user error: bad arguments, build or Starlark error',
      source: `${DOCS}; ${CLASSIFY_RS}`,
    },
    {
      code: 4,
      name: 'DaemonIsBusy',
      category: 'busy',
      meaning: 'daemon busy with another command',
      source: `${DOCS}; ${CONCURRENCY_RS}; ${COMMON_RS}`,
      onlyWith: {
        options: ['--exit-when=notidle', '--exit-when=differentstate', '--exit-when-different-state'],
        shown: '--exit-when=notidle|differentstate',
        where: 'after-subcommand',
        otherwise: 'a second command waits inside the daemon',
      },
    },
    {
      code: 5,
      name: 'DaemonPreempted',
      category: 'preempted',
      meaning: 'daemon preempted this command for a newer one',
      source: `${DOCS}; ${CONCURRENCY_RS}; ${COMMON_RS}`,
      onlyWith: {
        options: ['--preemptible=always', '--preemptible=ondifferentstate'],
        shown: '--preemptible=always|ondifferentstate',
        where: 'after-subcommand',
        otherwise: 'a newer command waits for this one',
      },
    },
    {
      code: 6,
      name: 'Timeout',
      category: 'timeout',
      meaning: 'timed out (only buck2 complete)',
      source: `${DOCS}; facebook/buck2 app/buck2_cmd_completion_client/src/complete.rs`,
    },
    {
      code: 11,
      name: 'ConnectError',
      category: 'connect',
      meaning: 'could not connect to or start the buck2 daemon',
      source: `${DOCS}; ${STREAMING_RS} ~L260`,
    },
    {
      code: 12,
      name: 'FatalOom',
      category: 'oom',
      meaning: 'daemon killed by the OOM killer',
      source: `${EXIT_CODE_RS}; ${CLASSIFY_RS} (DaemonOomKilled)`,
    },
    {
      code: 32,
      name: 'TestError',
      category: 'test-failure',
      meaning: 'build succeeded but tests failed (test executor code)',
      source: `${DOCS}; ${TEST_RS} ~L552-572`,
    },
    {
      code: 64,
      name: 'TestNothing',
      category: 'no-tests',
      meaning: 'no tests ran (test executor code; PassWithWarnings in tpx)',
      source: `${DOCS}; ${TEST_RS} ~L552-572`,
    },
    // The docs say SIGINT gives 130; exit_code.rs reverses SIGINT and SIGPIPE: 130 is a broken pipe.
    {
      code: 130,
      name: 'ClientIoBrokenPipe',
      category: 'signal',
      signal: 'SIGPIPE',
      meaning: 'stdout or stderr closed under buck2 (EPIPE)',
      source: `${EXIT_CODE_RS} (SIGINT and SIGPIPE are reversed)`,
    },
    {
      code: 141,
      name: 'SignalInterrupt',
      category: 'signal',
      signal: 'SIGINT',
      meaning: 'interrupted by Ctrl-C / SIGINT',
      source: `${EXIT_CODE_RS}; ${STREAMING_RS}; tests/core/executor/test_cancellation.py`,
    },
  ],
  rules: [
    {
      id: 'buck2-daemon-died',
      pattern: /Buck daemon event bus encountered an error/,
      codes: [1, 2],
      name: 'DaemonDied',
      category: 'daemon-died',
      meaning: 'the daemon died during the command',
      source: `${EVENTS_CTX_RS} ~L198; facebook/buck2#1483`,
    },
    {
      id: 'buck2-oom',
      pattern: /Buck2 daemon was killed by an OOM killer/,
      name: 'FatalOom',
      category: 'oom',
      meaning: 'daemon killed by the OOM killer',
      source: EVENTS_CTX_RS,
    },
    {
      id: 'buck2-lifecycle-lock',
      pattern: /Error locking buckd\.lifecycle/,
      codes: [1, 2, 11],
      name: 'ConnectError',
      category: 'connect',
      meaning: 'could not take the daemon lifecycle lock',
      source: 'facebook/buck2 app/buck2_client_ctx/src/daemon/client.rs',
    },
    {
      id: 'buck2-startup-timeout',
      pattern: /timed out after \d+\.\d+s/,
      codes: [2, 11],
      name: 'ConnectError',
      category: 'connect',
      meaning: 'daemon startup deadline exceeded',
      source: 'facebook/buck2 app/buck2_client_ctx/src/startup_deadline.rs',
    },
    {
      id: 'buck2-connect',
      pattern: /Failed to connect to buck daemon\./,
      codes: [1, 2, 11],
      name: 'ConnectError',
      category: 'connect',
      meaning: 'could not connect to or start the buck2 daemon',
      source: CONNECT_RS,
    },
  ],
  // only buck2 test (the executor's code) and buck2 run (the program's) pass other codes through
  otherCodes: {
    name: 'UnknownExit',
    category: 'failure',
    meaning: "a code buck2's table does not name",
    source: EXIT_CODE_RS,
  },
  refinements: [run, test],
};
