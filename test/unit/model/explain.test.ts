import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, RATE_LIMIT_BACKOFF } from '../../../src/model/backoff.js';
import type { Category } from '../../../src/model/categories.js';
import { explain, explainTable, explainText } from '../../../src/model/explain.js';
import type { RetryPolicy } from '../../../src/model/policy.js';
import { TOOL_NAMES, type ToolName } from '../../../src/model/tools/index.js';
import { buildPlan } from '../../../src/settings/plan.js';

// a policy retrying these categories and codes, as --retry-on would
const policy = (categories: Category[], codes: number[], attempts: number): RetryPolicy => {
  const words = [...categories, ...codes].join(',');
  const { deciders } = buildPlan(words === '' ? {} : { retryOn: words }, ['x']).policy;
  return { attempts, deciders, backoff: DEFAULT_BACKOFF, rateLimitBackoff: RATE_LIMIT_BACKOFF };
};
// no retry option given: one attempt
const none = policy([], [], 1);
// --retry-busy
const retryBusy = buildPlan({ retryBusy: true }, ['x']).policy;

describe('explain: the subject, the message rules that decide first, and the decision', () => {
  it.each<[ToolName, number | NodeJS.Signals, string, string[]]>([
    ['buck2', 4, 'exit 4', ['buck2-oom']],
    [
      'buck2',
      2,
      'exit 2',
      ['buck2-daemon-died', 'buck2-oom', 'buck2-lifecycle-lock', 'buck2-startup-timeout', 'buck2-connect'],
    ],
    ['buck2', 11, 'exit 11', ['buck2-oom', 'buck2-lifecycle-lock', 'buck2-startup-timeout', 'buck2-connect']],
    // a success is never a message's to decide, nor is a signal death
    ['buck2', 0, 'exit 0', []],
    ['buck2', 'SIGKILL', 'death by signal 9', []],
    ['docker', 126, 'exit 126', ['socket-permission-denied']],
    ['docker', 127, 'exit 127', ['socket-permission-denied', 'tls-misconfigured', 'daemon-unreachable']],
    ['podman', 1, 'exit 1', []],
    ['bazel', 9, 'exit 9', []],
  ])('%s %s: %s, rules %j', (tool, subject, text, rules) => {
    const e = explain(tool, subject, none);
    expect([e.tool, e.subject, e.rules.map((r) => r.id)]).toEqual([tool, text, rules]);
    expect(e.policy).toBe(none);
  });

  it("a rule shows with its category, the classification and decision are the model's and the policy's", () => {
    const e = explain('buck2', 4, retryBusy);
    expect(e.rules).toEqual([{ id: 'buck2-oom', category: 'oom' }]);
    expect(e.classification).toMatchObject({
      tool: 'buck2',
      name: 'DaemonIsBusy',
      category: 'busy',
      normalizedCode: 4,
      rawCode: 4,
    });
    expect(e.decision).toEqual({
      retry: true,
      decider: '--retry-busy',
      reason: '--retry-busy retries exit 4 DaemonIsBusy (busy)',
    });
    expect(explain('buck2', 4, none).decision).toEqual({
      retry: false,
      stop: 'not-retryable',
      reason: 'exit 4 DaemonIsBusy (busy) is not retried by the policy',
    });
    expect(explain('generic', 'SIGTERM', none).classification).toMatchObject({
      name: 'SIGTERM',
      category: 'signal',
      normalizedCode: 143,
      rawCode: null,
    });
  });
});

describe('explainText: one tool (docs/subcommands.md, test/golden)', () => {
  it.each<[string, ToolName, number | NodeJS.Signals, RetryPolicy, string]>([
    [
      'retried, with the rule that decides first',
      'buck2',
      4,
      retryBusy,
      `buck2 exit 4: DaemonIsBusy
  category:     busy
  meaning:      daemon busy with another command
  normalized:   4
  source:       facebook/buck2 docs/users/commands_extra/exit_codes.md; facebook/buck2 app/buck2_server_ctx/src/concurrency.rs; facebook/buck2 app/buck2_client_ctx/src/common.rs (--exit-when, --preemptible)
  only with:    --exit-when=notidle|differentstate; without it a second command waits inside the daemon
  subcommands:  buck2 run: ProgramExit (failure)
  stderr rules: buck2-oom (oom) decide first when the message matches
  policy:       retried: --retry-busy retries exit 4 DaemonIsBusy (busy); 5 attempts, first delay at least 500ms
`,
    ],
    [
      'a signal death: no rules line',
      'buck2',
      'SIGINT',
      none,
      `buck2 death by signal 2: SIGINT
  category:     signal
  meaning:      killed by SIGINT
  normalized:   130
  source:       xrun (env/timeout/chroot convention)
  policy:       not retried: the command died of SIGINT, a user interrupt, which is never retried whatever the policy or rules say
`,
    ],
    [
      'several rules, and the first delay as the policy has it',
      'docker',
      127,
      { ...policy(['user'], [], 3), backoff: { baseDelayMs: 1500, maxDelayMs: 30_000 } },
      `docker exit 127: NotFound
  category:     user
  meaning:      the container command cannot be found
  normalized:   3
  source:       docker/cli docs/reference/run.md "Exit status"; docker/cli cli/command/container/run.go toStatusError
  subcommands:  docker exec, docker compose run: ProgramExit (failure); docker compose: ComposeExit (failure); docker build: PluginExit (failure)
  stderr rules: socket-permission-denied (user), tls-misconfigured (user), daemon-unreachable (connect) decide first when the message matches
  policy:       retried: --retry-on user retries exit 127 NotFound (user); 3 attempts, first delay at least 1.5s
`,
    ],
  ])('%s', (_, tool, subject, p, text) => {
    expect(explainText(explain(tool, subject, p))).toBe(text);
  });
});

describe('explain with a subcommand: the refinement reads the code, and says so', () => {
  it.each<[ToolName, string[], number, string, string, string | undefined]>([
    ['bazel', ['query'], 3, 'PARTIAL_ANALYSIS_FAILURE', 'user', 'bazel query'],
    ['bazel', ['cquery'], 7, 'ANALYSIS_FAILURE', 'user', 'bazel query'],
    ['bazel', ['run'], 9, 'ProgramExit', 'failure', 'bazel run'],
    ['bazel', ['build'], 9, 'LOCK_HELD_NOBLOCK_FOR_LOCK', 'busy', undefined],
    ['buck2', ['run'], 4, 'ProgramExit', 'failure', 'buck2 run'],
    ['docker', ['compose', 'up'], 130, 'Cancelled', 'signal', 'docker compose'],
  ])('%s %j exit %i: %s (%s) via %s', (tool, subcommand, code, name, category, via) => {
    const e = explain(tool, code, retryBusy, undefined, subcommand);
    expect(e.classification).toMatchObject({ name, category, rawCode: code });
    expect(e.classification.via).toBe(via);
    expect(e.subcommand).toEqual(subcommand);
    expect(e.elsewhere).toEqual([]);
  });

  it('names the refinement in the first line; the retry decision follows its reading', () => {
    const e = explain('bazel', 9, retryBusy, undefined, ['run']);
    expect(explainText(e).split('\n')[0]).toBe('bazel run exit 9: ProgramExit');
    expect(e.decision).toMatchObject({ retry: false, stop: 'not-retryable' });
    expect(explain('bazel', 9, retryBusy, undefined, ['build']).decision.retry).toBe(true);
  });

  it('without a subcommand, lists the subcommands that read the code otherwise; a code they read the same way lists none', () => {
    expect(explain('bazel', 3, none).elsewhere).toEqual([
      { via: 'bazel query', name: 'PARTIAL_ANALYSIS_FAILURE', category: 'user' },
      { via: 'bazel run', name: 'ProgramExit', category: 'failure' },
    ]);
    expect(explain('bazel', 0, none).elsewhere).toEqual([]);
    expect(explain('generic', 3, none).elsewhere).toEqual([]);
  });

  it('says which options a code needs (buck2 4 and 5, bazel 9), and nothing for other codes', () => {
    expect(explain('buck2', 4, none).onlyWith).toBe(
      '--exit-when=notidle|differentstate; without it a second command waits inside the daemon',
    );
    expect(explain('buck2', 5, none).onlyWith).toBe(
      '--preemptible=always|ondifferentstate; without it a newer command waits for this one',
    );
    expect(explain('bazel', 9, none).onlyWith).toBe(
      'the startup option --noblock_for_lock; without it bazel waits for the lock',
    );
    expect(explain('buck2', 3, none).onlyWith).toBeUndefined();
    expect(explainText(explain('buck2', 5, none))).toContain(
      '\n  only with:    --preemptible=always|ondifferentstate; without it a newer command waits for this one\n',
    );
  });
});

describe('explainTable: every tool side by side', () => {
  const table = (subject: number | NodeJS.Signals, p: RetryPolicy) =>
    explainTable(TOOL_NAMES.map((tool) => explain(tool, subject, p)));

  it('not retried: no reason given when the policy names neither category nor code', () => {
    expect(table(4, none)).toBe(`exit 4 in every model:
tool     name            category  normalized  policy       meaning
buck2    DaemonIsBusy    busy      4           not retried  daemon busy with another command
docker   ContainerExit   failure   1           not retried  the container's own exit code
podman   ContainerExit   failure   1           not retried  the container's own exit code
bazel    NO_TESTS_FOUND  no-tests  64          not retried  build succeeded but no tests were found
generic  Failure         failure   1           not retried  the command failed
`);
  });

  it('retried, with the reason', () => {
    expect(table(1, policy([], [1], 5))).toBe(`exit 1 in every model:
tool     name            category  normalized  policy                  meaning
buck2    UnknownFailure  failure   1           retried (--retry-on 1)  failed with an error buck2 could not identify
docker   GenericError    failure   1           retried (--retry-on 1)  the docker command failed
podman   ContainerExit   failure   1           retried (--retry-on 1)  the container's own exit code
bazel    BUILD_FAILURE   user      3           retried (--retry-on 1)  the build failed
generic  Failure         failure   1           retried (--retry-on 1)  the command failed
`);
  });

  it('not retried for another reason than the policy: the reason, and the columns widen to it', () => {
    const reason = 'not retried (an interrupt, never retried)';
    const rows = table('SIGINT', retryBusy).split('\n');
    expect(rows[0]).toBe('death by signal 2 in every model:');
    expect(rows[1]).toBe(`tool     name    category  normalized  ${'policy'.padEnd(reason.length)}  meaning`);
    expect(rows[2]).toBe(`buck2    SIGINT  signal    130         ${reason}  killed by SIGINT`);
    expect(rows.slice(2, 7).map((row) => row.split(/ {2,}/)[0])).toEqual([...TOOL_NAMES]);
    expect(rows[7]).toBe('');
  });
});
