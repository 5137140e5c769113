import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { podman } from '../../../../src/model/tools/podman.js';

const ROWS: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [125, 'ExecErrorCodeGeneric', 'infra', 2],
  [126, 'ExecErrorCodeCannotInvoke', 'user', 3],
  [127, 'ExecErrorCodeNotFound', 'user', 3],
  [1, 'ContainerExit', 'failure', 1],
  [3, 'ContainerExit', 'failure', 1],
  [137, 'SIGKILL', 'signal', 137],
];

describe("podman's model (model/tools/podman.ts)", () => {
  it.each(ROWS)('exit %i is %s (%s, normalized %i)', (code, name, category, normalized) => {
    expect(classifyExitCode(podman, code)).toMatchObject({ name, category, normalizedCode: normalized, rawCode: code });
  });

  // [message, exit code, rule id or none, name, category]
  const messages: [string, number, string | undefined, string, string][] = [
    ['Error: unknown flag: --frobnicate', 125, 'cli-usage', 'CliUsageError', 'user'],
    [
      'Error: cannot use --rm: the --rm option conflicts with --restart',
      125,
      'run-validation',
      'RunValidationError',
      'user',
    ],
    [
      'Cannot connect to Podman. Please verify your connection',
      125,
      'daemon-unreachable',
      'DaemonUnreachable',
      'connect',
    ],
    // podman's docker-shaped rules are read at 125 only: 1 is the container's
    ['Cannot connect to Podman. Please verify your connection', 1, undefined, 'ContainerExit', 'failure'],
    // a container that could not start: 126 with the reason
    ['Error: netavark: unable to append rule', 126, 'start-network', 'NetworkSetupFailed', 'infra'],
    ['Error: unable to apply cgroup configuration', 126, 'start-cgroup', 'CgroupSetupFailed', 'infra'],
    ['Error: Resource Temporarily Unavailable', 126, 'start-eagain', 'ResourceTemporarilyUnavailable', 'infra'],
    ['Error: netavark: unable to append rule', 125, undefined, 'ExecErrorCodeGeneric', 'infra'],
    ['Error: some other reason', 126, undefined, 'ExecErrorCodeCannotInvoke', 'user'],
  ];
  it.each(messages)('%j at exit %i: rule %s, %s (%s)', (text, code, ruleId, name, category) => {
    const read = classifyExitCode(podman, code, text);
    expect([read.ruleId, read.name, read.category]).toEqual([ruleId, name, category]);
  });

  it('exec: 125-127 are podman exec failures, any other code the program', () => {
    expect(podman.refinements?.map((r) => [r.via, r.subcommands, r.table, r.passthrough])).toEqual([
      ['podman exec', ['exec', 'container exec'], 'own', true],
    ]);
    expect(podman.refinements?.[0]?.codes.map((c) => [c.code, c.category])).toEqual([
      [0, 'success'],
      [125, 'failure'],
      [126, 'user'],
      [127, 'user'],
    ]);
  });
});
