import type { CodeEntry, Refinement, StderrRule, ToolModel } from './types.js';

// Sources: docker run's documented exit status and docker/cli@28f756087eea5fa301f3fbf12b01ae62f91521c2;
// the messages the rules match, with their upstream files and threads, are in docs/exit-codes.md (Docker CLI).
const RUN_DOCS = 'docker/cli docs/reference/run.md "Exit status"';
const DOCKER_GO = 'docker/cli cmd/docker/docker.go getExitCode()';
const RUN_GO = 'docker/cli cli/command/container/run.go toStatusError';
const REQUEST_GO = 'docker/cli vendor/github.com/moby/moby/client/request.go';
const ERRORS_GO = 'docker/cli vendor/github.com/moby/moby/client/errors.go';

// The daemon is unreachable: docker exits 1 (most commands, and run/create since v29.1.3),
// 125 (run/create up to v28) or 127 (run v29.0.0-v29.1.2 with a missing socket).
const DAEMON_EXIT_CODES = [1, 125, 127] as const;
// A socket without permission: also 126, since `docker run` maps "permission denied" to 126 (toStatusError).
const SOCKET_EXIT_CODES = [1, 125, 126, 127] as const;
// Registry and engine messages arrive with the CLI's own codes; a container's code is its own.
const CLI_EXIT_CODES = [1, 125] as const;

// Message rules shared by docker and podman, in priority order: the first match decides.
export const containerMessageRules: readonly StderrRule[] = [
  {
    id: 'socket-permission-denied',
    pattern: /permission denied while trying to connect to the (docker API|Docker daemon socket) at/,
    codes: SOCKET_EXIT_CODES,
    name: 'SocketPermissionDenied',
    category: 'user',
    meaning: 'no permission on the docker socket (not in the docker group)',
    source: `${REQUEST_GO}; v28.5.2 vendor/github.com/docker/docker/client/request.go`,
  },
  {
    id: 'tls-misconfigured',
    pattern:
      /Are you trying to connect to a TLS-enabled daemon without TLS\?|the server probably has client authentication \(--tlsverify\) enabled/,
    codes: DAEMON_EXIT_CODES,
    name: 'TlsMisconfigured',
    category: 'user',
    meaning: 'TLS settings of the CLI and the daemon do not match',
    source: REQUEST_GO,
  },
  {
    id: 'daemon-unreachable',
    pattern:
      /Cannot connect to the Docker daemon( at \S+)?\. Is the docker daemon running|failed to connect to the docker API at|error during connect:|Cannot connect to Podman\.|unable to connect to Podman socket/,
    codes: DAEMON_EXIT_CODES,
    name: 'DaemonUnreachable',
    category: 'connect',
    meaning: 'cannot reach the engine (not running, still starting, or a missing socket)',
    source: `${ERRORS_GO} connectionFailed(); ${REQUEST_GO} doRequest; containers/podman pkg/bindings/connection.go`,
  },
  {
    id: 'login-throttled',
    pattern: /toomanyrequests: too many failed login attempts/,
    codes: CLI_EXIT_CODES,
    name: 'LoginThrottled',
    category: 'user',
    meaning: 'registry login throttled after bad credentials',
    source: 'docker/setup-buildx-action#510',
  },
  {
    id: 'rate-limited',
    pattern: /toomanyrequests|429 Too Many Requests/,
    codes: CLI_EXIT_CODES,
    name: 'RateLimited',
    category: 'rate-limit',
    meaning: 'registry pull rate limit (HTTP 429)',
    source: 'bigbluebutton/bigbluebutton#21038, alexklibisz/terraform-provider-terrifi#50; containers/common retry.go',
  },
  {
    id: 'registry-auth',
    pattern:
      /unauthorized: |authentication required|denied: requested access to the resource is denied|pull access denied/,
    codes: CLI_EXIT_CODES,
    name: 'AccessDenied',
    category: 'user',
    meaning: 'registry authentication or authorization failed',
    source: 'docker/actions-toolkit#1289; containers/common retry.go (UNAUTHORIZED/DENIED)',
  },
  {
    id: 'image-not-found',
    pattern:
      /manifest unknown|manifest for \S+ not found|repository does not exist|name unknown|[Nn]o such image|image not known/,
    codes: CLI_EXIT_CODES,
    name: 'ImageNotFound',
    category: 'user',
    meaning: 'the image or tag does not exist',
    source:
      'containers/common retry.go (MANIFEST_UNKNOWN/NAME_UNKNOWN); containers/podman libpod/define/errors.go ErrNoSuchImage ("image not known", measured podman 4.3.1)',
  },
  {
    id: 'invalid-reference',
    pattern: /invalid reference format/,
    codes: CLI_EXIT_CODES,
    name: 'InvalidReference',
    category: 'user',
    meaning: 'malformed image reference',
    source: 'distribution/reference reference.go ErrReferenceInvalidFormat (deterministic validation)',
  },
  {
    id: 'no-space',
    pattern: /no space left on device/,
    codes: CLI_EXIT_CODES,
    name: 'NoSpaceLeft',
    category: 'user',
    meaning: 'disk full on the engine host',
    source: 'docs/exit-codes.md (Docker CLI messages: ENOSPC on the engine host)',
  },
  {
    id: 'name-conflict',
    pattern: /Conflict\. The container name .* is already in use|the container name .* is already in use/,
    codes: CLI_EXIT_CODES,
    name: 'NameConflict',
    category: 'user',
    meaning: 'a container with that name already exists',
    source: 'codalab/codalab-worksheets#2578',
  },
  {
    id: 'port-in-use',
    pattern: /port is already allocated|address already in use/,
    codes: CLI_EXIT_CODES,
    name: 'PortInUse',
    category: 'user',
    meaning: 'the host port is already in use',
    source: 'docs/exit-codes.md (Docker CLI messages: port allocator, EADDRINUSE)',
  },
  {
    id: 'container-command-not-runnable',
    pattern:
      /executable file not found in \$PATH|(OCI runtime (create|exec) failed|unable to start container process): .*(no such file or directory|permission denied)/,
    codes: CLI_EXIT_CODES,
    name: 'ContainerCommandNotRunnable',
    category: 'user',
    meaning: 'the container command was not found or is not executable',
    source: `${RUN_GO}; docs/reference/run.md; runc libcontainer "unable to start container process" (measured podman 4.3.1 + runc)`,
  },
  {
    id: 'tls-handshake-timeout',
    pattern: /net\/http: TLS handshake timeout/,
    codes: CLI_EXIT_CODES,
    name: 'TlsHandshakeTimeout',
    category: 'network',
    meaning: 'TLS handshake with the registry timed out',
    source: 'kubic-project/automation#533, moby/moby#50035',
  },
  {
    id: 'http-timeout',
    pattern: /Client\.Timeout exceeded while awaiting headers|net\/http: request canceled/,
    codes: CLI_EXIT_CODES,
    name: 'HttpTimeout',
    category: 'network',
    meaning: 'HTTP request to the registry timed out',
    source: 'docker/login-action#989, docker/actions-toolkit#1289',
  },
  {
    id: 'io-timeout',
    pattern:
      /dial tcp [^ ]+: i\/o timeout|read udp [^ ]+: i\/o timeout|dial tcp: lookup [^ ]+ on [^ ]+: (read udp .*i\/o timeout|server misbehaving)/,
    codes: CLI_EXIT_CODES,
    name: 'IoTimeout',
    category: 'network',
    meaning: 'TCP connect or DNS timeout',
    source: 'RackulaLives/Rackula#2175, docker/setup-qemu-action#166',
  },
  {
    id: 'connection-reset',
    pattern: /connection reset by peer/,
    codes: CLI_EXIT_CODES,
    name: 'ConnectionReset',
    category: 'network',
    meaning: 'TCP reset by the registry or a proxy',
    source: 'nanobox-io/nanobox#252; containers/common retry.go (ECONNRESET)',
  },
  {
    id: 'wait-stream-lost',
    pattern: /error waiting for container: (unexpected EOF|context canceled)/,
    codes: CLI_EXIT_CODES,
    name: 'WaitStreamLost',
    category: 'network',
    meaning: 'lost the wait stream to the engine',
    source: 'docker/cli cli/command/container/utils.go waitExitOrRemoved; microsoft/pai#2336',
  },
  {
    id: 'unexpected-eof',
    pattern: /(^|: )(unexpected )?EOF$|": EOF/m,
    codes: CLI_EXIT_CODES,
    name: 'UnexpectedEof',
    category: 'network',
    meaning: 'the registry or engine closed the connection',
    source: 'docker/setup-qemu-action#110, docker/hub-feedback#2262',
  },
  {
    id: 'registry-5xx',
    pattern:
      /received unexpected HTTP status: 5\d\d|unexpected status(?: code)?[^:]*: 5\d\d|50[234] (Bad Gateway|Service Unavailable|Gateway Timeout)|500 Internal Server Error/,
    codes: CLI_EXIT_CODES,
    name: 'RegistryServerError',
    category: 'network',
    meaning: 'registry server error (5xx)',
    source: 'moby/moby#17506, goreleaser/goreleaser#4265, containers/common#2299',
  },
  {
    id: 'connection-refused',
    pattern: /connection refused/,
    codes: CLI_EXIT_CODES,
    name: 'ConnectionRefused',
    category: 'network',
    meaning: 'the registry or a proxy refused the connection',
    source: 'containers/common retry.go (ECONNREFUSED)',
  },
  {
    id: 'systemd-scope',
    pattern: /Message recipient disconnected from message bus without replying|unable to start unit "docker-.*\.scope"/,
    codes: CLI_EXIT_CODES,
    name: 'SystemdScopeHiccup',
    category: 'network',
    meaning: 'systemd/dbus hiccup while creating the container cgroup',
    source: 'DataDog/dd-trace-dotnet#8447, #7629',
  },
];

// docker's flag errors exit 125 with a usage block (cli/cobra.go FlagErrorFunc): the CLI rejected
// its arguments, which is a user error, not the daemon's.
const dockerUsageRule: StderrRule = {
  id: 'cli-usage',
  pattern:
    /^Usage: {1,2}docker |^unknown (shorthand )?flag: |flag needs an argument|^invalid argument ".*" for ".*" flag/m,
  codes: [125],
  name: 'CliUsageError',
  category: 'user',
  meaning: 'the docker CLI rejected its arguments',
  source: 'docker/cli cli/cobra.go FlagErrorFunc',
};

// docker run's option validation exits 125 before anything reaches the daemon (runRun, parse):
// deterministic, so a user error however --retry-on infra reads 125.
const dockerValidationRule: StderrRule = {
  id: 'run-validation',
  pattern:
    /conflicting options: |invalid (containerPort|hostPort|IP address|proto|pull option|publish opts format|logging opts for driver|device specification|--security-opt)\b|cannot be negative|--(pid|uts|userns|cgroupns): invalid \w+ mode|is not a valid mac address|bad format for path: |bad mode specified: |is not an absolute path|invalid range format for --expose/,
  codes: [125],
  name: 'RunValidationError',
  category: 'user',
  meaning: 'docker run rejected its options before contacting the daemon',
  source:
    'docker/cli cli/command/container/opts.go (parse); cli/command/container/create.go (validatePullOpt); vendor/github.com/docker/go-connections/nat/nat.go',
};

const EXEC_GO = 'docker/cli cli/command/container/exec.go (getExecExitStatus)';
const PLUGIN_RUN = 'docker/cli cmd/docker/docker.go (tryPluginRun: a plugin killed by a signal has status -1)';
const COMPOSE_GO = 'docker/compose cmd/compose/compose.go (AdaptCmd)';
const COMPOSE_RUN = 'docker/compose cmd/compose/run.go, exec.go (the container code as a StatusError)';
const CONNECTION_RULES = containerMessageRules.filter((r) =>
  ['socket-permission-denied', 'tls-misconfigured', 'daemon-unreachable'].includes(r.id),
);

const success = (source: string): CodeEntry => ({
  code: 0,
  name: 'Success',
  category: 'success',
  meaning: 'the command succeeded',
  source,
});
const composeCancelled: CodeEntry = {
  code: 130,
  name: 'Cancelled',
  category: 'signal',
  signal: 'SIGINT',
  meaning: 'compose was cancelled (SIGINT or SIGTERM): an interrupt',
  source: COMPOSE_GO,
};
const pluginKilled: CodeEntry = {
  code: 255,
  name: 'PluginKilled',
  category: 'infra',
  meaning: 'the CLI plugin (compose, buildx) was killed by a signal',
  source: PLUGIN_RUN,
};
const programExit = (source: string) => ({
  name: 'ProgramExit',
  category: 'failure' as const,
  meaning: "the program's own exit code",
  source,
});

// Where the code is the program's (exec, compose run/exec): only the engine's connection messages read it otherwise.
const exec: Refinement = {
  subcommands: ['exec', 'container exec'],
  via: 'docker exec',
  table: 'own',
  passthrough: true,
  codes: [
    success(EXEC_GO),
    {
      code: 255,
      name: 'ProgramExitOrDaemonLost',
      category: 'failure',
      meaning: "the program's 255, or docker lost the daemon reading its status",
      source: EXEC_GO,
    },
  ],
  rules: CONNECTION_RULES,
  otherCodes: programExit(EXEC_GO),
  signalCodes: `${EXEC_GO}: 128+N for a program killed by signal N`,
};

const composeRun: Refinement = {
  subcommands: ['compose run', 'compose exec'],
  via: 'docker compose run',
  table: 'own',
  passthrough: true,
  codes: [success(COMPOSE_RUN), composeCancelled],
  rules: CONNECTION_RULES,
  otherCodes: programExit(COMPOSE_RUN),
  signalCodes: `${COMPOSE_RUN}: 128+N for a container killed by signal N`,
};

const compose: Refinement = {
  subcommands: ['compose'],
  via: 'docker compose',
  table: 'own',
  passthrough: false,
  codes: [
    success(COMPOSE_GO),
    {
      code: 1,
      name: 'ComposeError',
      category: 'failure',
      meaning: 'compose failed (also its flag errors and unknown commands)',
      source: 'docker/compose cmd/main.go; docker/cli cli-plugins/plugin/plugin.go',
    },
    composeCancelled,
    pluginKilled,
  ],
  otherCodes: {
    name: 'ComposeExit',
    category: 'failure',
    meaning: "compose's status (up --exit-code-from: a container's)",
    source: 'docker/compose pkg/compose/up.go',
  },
};

// docker build is buildx (a CLI plugin): its errors exit 1, a signal kills it with 255
const build: Refinement = {
  subcommands: ['build', 'buildx', 'image build', 'builder build'],
  via: 'docker build',
  table: 'own',
  passthrough: false,
  codes: [
    success(PLUGIN_RUN),
    {
      code: 1,
      name: 'BuildFailed',
      category: 'failure',
      meaning: 'the build failed (buildx prints ERROR: lines)',
      source: 'docker/cli cli-plugins/plugin/plugin.go (Run: a plugin error without a status exits 1)',
    },
    pluginKilled,
  ],
  otherCodes: { name: 'PluginExit', category: 'failure', meaning: "the plugin's own exit code", source: PLUGIN_RUN },
};

// a --format template that does not parse exits 64 (inspect, info, version, events)
const formatted: Refinement = {
  subcommands: [
    'inspect',
    'info',
    'version',
    'events',
    'system info',
    'system events',
    'container inspect',
    'image inspect',
    'network inspect',
    'volume inspect',
    'context inspect',
    'plugin inspect',
  ],
  via: 'docker inspect|info|version|events',
  table: 'override',
  passthrough: false,
  codes: [
    {
      code: 64,
      name: 'FormatTemplateError',
      category: 'user',
      meaning: 'the --format template does not parse',
      source: 'docker/cli cli/command/inspect/inspector.go; cli/command/system/info.go, version.go, events.go',
    },
  ],
  // no container runs here: a code outside the table is no container's
  otherCodes: {
    name: 'UnknownExit',
    category: 'failure',
    meaning: "a code docker's table does not name",
    source: DOCKER_GO,
  },
};

export const docker: ToolModel = {
  tool: 'docker',
  title: 'Docker CLI',
  codes: [
    {
      code: 0,
      name: 'Success',
      category: 'success',
      meaning: 'the command succeeded',
      source: `${RUN_DOCS}; ${DOCKER_GO}`,
    },
    {
      code: 1,
      name: 'GenericError',
      category: 'failure',
      meaning: 'the docker command failed',
      source: `${RUN_DOCS}; ${DOCKER_GO}`,
    },
    {
      code: 125,
      name: 'DockerError',
      category: 'infra',
      meaning: 'docker run failed on the docker side (the daemon itself)',
      source: `${RUN_DOCS}; ${RUN_GO}`,
    },
    {
      code: 126,
      name: 'CannotInvoke',
      category: 'user',
      meaning: 'the container command cannot be invoked',
      source: `${RUN_DOCS}; ${RUN_GO}`,
    },
    {
      code: 127,
      name: 'NotFound',
      category: 'user',
      meaning: 'the container command cannot be found',
      source: `${RUN_DOCS}; ${RUN_GO}`,
    },
  ],
  rules: [...containerMessageRules, dockerUsageRule, dockerValidationRule],
  otherCodes: {
    name: 'ContainerExit',
    category: 'failure',
    meaning: "the container's own exit code",
    source: `${RUN_DOCS} (docker run: the exit code of the contained command)`,
  },
  signalCodes: 'docker/cli cmd/docker/docker.go getExitCode() (128+signal); a container killed by signal N',
  refinements: [exec, composeRun, compose, build, formatted],
};
