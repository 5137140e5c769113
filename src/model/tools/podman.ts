import { containerMessageRules } from './docker.js';
import type { Refinement, StderrRule, ToolModel } from './types.js';

// Source: containers/podman@c6580b4a5219c9efb9ab79a540637d8a58b736f8, summarised in docs/exit-codes.md (Podman).
const EXEC_CODES_GO = 'containers/podman libpod/define/exec_codes.go';
const ROOT_GO = 'containers/podman cmd/podman/root.go Execute()';
const START_EXIT =
  'containers/podman pkg/domain/infra/abi/containers.go (ContainerRun: define.ExitCode of a start error)';

// podman run's option validation exits 125: deterministic, a user error however --retry-on infra reads 125.
const validation: StderrRule = {
  id: 'run-validation',
  pattern:
    /the --rm option conflicts with --restart|incorrect volume format, should be|invalid mount option|unsupported pull policy|unrecognized namespace mode|parsing container port: |repository name must be lowercase/,
  codes: [125],
  name: 'RunValidationError',
  category: 'user',
  meaning: 'podman run rejected its options',
  source:
    'containers/podman pkg/specgenutil/createparse.go, util.go; pkg/specgen/volumes.go, namespaces.go; pkg/util/mount_opts.go; vendor/go.podman.io/common/pkg/config/pull_policy.go, vendor/go.podman.io/image/v5/docker/reference/reference.go',
};

// podman run reads every start failure but "not found" as 126 (define.ExitCode): these are the engine's, transient.
const startFailures: readonly StderrRule[] = [
  {
    id: 'start-network',
    pattern:
      /netavark: |pasta failed with exit code|failed to start pasta|failed to start slirp4netns|complete network setup: |creating network namespace for container/,
    codes: [126],
    name: 'NetworkSetupFailed',
    category: 'infra',
    meaning: "the container's network could not be set up",
    source: `${START_EXIT}; vendor/go.podman.io/common/libnetwork/netavark/exec.go, pasta/pasta_linux.go, slirp4netns/slirp4netns.go; libpod/networking_linux.go`,
  },
  {
    id: 'start-cgroup',
    pattern: /unable to apply cgroup configuration|Message recipient disconnected from message bus without replying/,
    codes: [126],
    name: 'CgroupSetupFailed',
    category: 'infra',
    meaning: "the OCI runtime could not set up the container's cgroup",
    source: `${START_EXIT}; opencontainers/runc libcontainer/process_linux.go`,
  },
  {
    id: 'start-eagain',
    pattern: /resource temporarily unavailable/i,
    codes: [126],
    name: 'ResourceTemporarilyUnavailable',
    category: 'infra',
    meaning: 'the OCI runtime hit EAGAIN (process or thread limits, a busy lock)',
    source: `${START_EXIT}; the kernel's text for EAGAIN (Go syscall.EAGAIN, strerror)`,
  },
];

// podman's own failures, all exit 125 (root.go): the registry and engine messages, the CLI's usage, validation
const podmanRules: readonly StderrRule[] = [
  ...containerMessageRules.map((rule) => ({ ...rule, codes: [125] })),
  {
    id: 'cli-usage',
    pattern:
      /^Error: (unknown (shorthand )?flag: |.*flag needs an argument|.*accepts \d+ arg|.*requires at least \d+ arg)/m,
    codes: [125],
    name: 'CliUsageError',
    category: 'user',
    meaning: 'the podman CLI rejected its arguments',
    source: ROOT_GO,
  },
  validation,
];

// podman exec passes the program's code; 125-127 are podman's when the session cannot start
const exec: Refinement = {
  subcommands: ['exec', 'container exec'],
  via: 'podman exec',
  table: 'own',
  passthrough: true,
  codes: [
    { code: 0, name: 'Success', category: 'success', meaning: 'the program succeeded', source: ROOT_GO },
    {
      code: 125,
      name: 'ExecErrorCodeGeneric',
      category: 'failure',
      meaning: "podman could not run the exec session (or the program's 125)",
      source: EXEC_CODES_GO,
    },
    {
      code: 126,
      name: 'ExecErrorCodeCannotInvoke',
      category: 'user',
      meaning: 'the command cannot be invoked',
      source: `${EXEC_CODES_GO} (TranslateExecErrorToExitCode)`,
    },
    {
      code: 127,
      name: 'ExecErrorCodeNotFound',
      category: 'user',
      meaning: 'the command cannot be found',
      source: `${EXEC_CODES_GO} (TranslateExecErrorToExitCode)`,
    },
  ],
  rules: podmanRules,
  otherCodes: {
    name: 'ProgramExit',
    category: 'failure',
    meaning: "the program's own exit code",
    source: 'containers/podman docs/source/markdown/podman-exec.1.md.in "Exit Status"',
  },
  signalCodes: 'containers/podman docs/source/markdown/podman-exec.1.md.in "Exit Status" (128+N for a signal)',
};

export const podman: ToolModel = {
  tool: 'podman',
  title: 'Podman',
  codes: [
    { code: 0, name: 'Success', category: 'success', meaning: 'the command succeeded', source: ROOT_GO },
    {
      code: 125,
      name: 'ExecErrorCodeGeneric',
      category: 'infra',
      meaning: 'podman itself failed (every podman error defaults to 125)',
      source: `${ROOT_GO}; ${EXEC_CODES_GO}`,
    },
    {
      code: 126,
      name: 'ExecErrorCodeCannotInvoke',
      category: 'user',
      meaning: 'the container command cannot be invoked (run: any start failure but not found)',
      source: `${EXEC_CODES_GO}; ${START_EXIT}`,
    },
    {
      code: 127,
      name: 'ExecErrorCodeNotFound',
      category: 'user',
      meaning: 'the container command cannot be found; no message after a run: a failed wait',
      source: `${EXEC_CODES_GO}; containers/podman pkg/domain/infra/abi/containers.go (ContainerWaitForExitCode)`,
    },
  ],
  rules: [...podmanRules, ...startFailures],
  otherCodes: {
    name: 'ContainerExit',
    category: 'failure',
    meaning: "the container's own exit code",
    source: 'containers/podman docs/source/markdown/podman-run.1.md.in "Exit Status"',
  },
  signalCodes:
    'containers/podman docs/source/markdown/podman-run.1.md.in "Exit Status" (the container code, 128+N for a signal)',
  refinements: [exec],
};
