import { describe, expect, it } from 'vitest';
import { classifyExitCode, classifyOutcome } from '../../../src/model/classify.js';
import { models } from '../../../src/model/tools/index.js';

const BUSY =
  'Command failed: \nBuck daemon is busy processing another command: 0f3c\n\nCaused by:\n    `--exit-when=differentstate` was set\n';
const EVENT_BUS =
  'Command failed: \nBuck daemon event bus encountered an error, the root cause (if available) is displayed above this message.\n';

describe('classifyOutcome', () => {
  it('reads a signal death as 128+N, never as 0', () => {
    expect(classifyOutcome(models.buck2, { kind: 'signaled', signal: 'SIGTERM' })).toMatchObject({
      category: 'signal',
      name: 'SIGTERM',
      normalizedCode: 143,
      rawCode: null,
      signal: 'SIGTERM',
    });
    expect(classifyOutcome(models.generic, { kind: 'signaled', signal: 'SIGKILL' }).normalizedCode).toBe(137);
  });
  it('reads spawn failures with the chroot convention', () => {
    expect(classifyOutcome(models.generic, { kind: 'spawn-error', errno: 'ENOENT', message: '' })).toMatchObject({
      name: 'CommandNotFound',
      normalizedCode: 127,
      category: 'user',
    });
    expect(classifyOutcome(models.generic, { kind: 'spawn-error', errno: 'EACCES', message: '' })).toMatchObject({
      name: 'CannotExecute',
      normalizedCode: 126,
    });
  });
  it('reads a timeout as timeout (6) and a cancellation as the signal', () => {
    expect(
      classifyOutcome(models.buck2, {
        kind: 'timed-out',
        timeoutMs: 5,
        ended: { kind: 'signaled', signal: 'SIGTERM' },
      }),
    ).toMatchObject({
      category: 'timeout',
      normalizedCode: 6,
      rawCode: null,
    });
    expect(
      classifyOutcome(models.buck2, { kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 141 } }),
    ).toMatchObject({
      category: 'signal',
      name: 'Cancelled',
      normalizedCode: 130,
    });
  });
});

describe('message rules', () => {
  const cases: [keyof typeof models, number, string, string, string][] = [
    ['buck2', 4, BUSY, 'busy', 'DaemonIsBusy'],
    ['buck2', 1, EVENT_BUS, 'daemon-died', 'DaemonDied'],
    ['buck2', 1, 'Command failed: \nsomething else\n', 'failure', 'UnknownFailure'],
    ['buck2', 2, 'Error locking buckd.lifecycle: busy\n', 'connect', 'ConnectError'],
    ['buck2', 11, 'Command failed: Failed to connect to buck daemon.\n', 'connect', 'ConnectError'],
    ['buck2', 3, EVENT_BUS, 'user', 'UserError'],
    [
      'buck2',
      1,
      'Command failed: \nBuck2 daemon was killed by an OOM killer due to high memory pressure (x). Common causes are large or numerous build or test targets or too many Buck2 daemons running simultaneously.\n',
      'oom',
      'FatalOom',
    ],
    ['buck2', 2, 'Command failed: \nbuck2 daemon startup timed out after 10.002s\n', 'connect', 'ConnectError'],
    ['buck2', 11, 'Command failed: \nbuck2 daemon startup timed out after 90.000s\n', 'connect', 'ConnectError'],
    [
      'docker',
      1,
      'Cannot connect to the Docker daemon. Is the docker daemon running on this host?\n',
      'connect',
      'DaemonUnreachable',
    ],
    [
      'docker',
      1,
      'failed to connect to the docker API at tcp://nohost:2375: lookup nohost: no such host\n',
      'connect',
      'DaemonUnreachable',
    ],
    ['docker', 1, 'error during connect: Get "http://x/v1.47/info": EOF\n', 'connect', 'DaemonUnreachable'],
    [
      'docker',
      125,
      "docker: Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?\n\nRun 'docker run --help' for more information\n",
      'connect',
      'DaemonUnreachable',
    ],
    [
      'docker',
      1,
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
      'connect',
      'DaemonUnreachable',
    ],
    [
      'docker',
      127,
      'docker: failed to connect to the docker API at unix:///var/run/docker.sock; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory\n',
      'connect',
      'DaemonUnreachable',
    ],
    [
      'docker',
      1,
      'permission denied while trying to connect to the docker API at unix:///var/run/docker.sock\n',
      'user',
      'SocketPermissionDenied',
    ],
    [
      'docker',
      125,
      "unknown flag: --foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n",
      'user',
      'CliUsageError',
    ],
    ['docker', 125, 'docker: Error response from daemon: something broke.\n', 'infra', 'DockerError'],
    [
      'docker',
      1,
      'Error response from daemon: toomanyrequests: You have reached your pull rate limit.\n',
      'rate-limit',
      'RateLimited',
    ],
    [
      'docker',
      1,
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout\n',
      'network',
      'TlsHandshakeTimeout',
    ],
    ['docker', 1, 'Error response from daemon: manifest unknown\n', 'user', 'ImageNotFound'],
    [
      'docker',
      1,
      "Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'\n",
      'user',
      'AccessDenied',
    ],
    [
      'docker',
      1,
      'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n',
      'network',
      'RegistryServerError',
    ],
    // a container's own exit code is its own, whatever it printed
    [
      'docker',
      3,
      'Cannot connect to the Docker daemon at x. Is the docker daemon running?\n',
      'failure',
      'ContainerExit',
    ],
    ['podman', 125, "Error: unknown flag: --foo\nSee 'podman run --help'\n", 'user', 'CliUsageError'],
    [
      'podman',
      125,
      'Cannot connect to Podman. Please verify your connection to the Linux system\nError: unable to connect to Podman socket: x\n',
      'connect',
      'DaemonUnreachable',
    ],
    ['podman', 125, 'Error: something else\n', 'infra', 'ExecErrorCodeGeneric'],
    // measured on this machine (docker CLI 28.2.2, podman 4.3.1 + runc)
    ['podman', 125, 'Error: localhost/nope:latest: image not known\n', 'user', 'ImageNotFound'],
    [
      'docker',
      125,
      "docker: Error response from daemon: no such image: localhost/nope:latest: image not known\n\nRun 'docker run --help' for more information\n",
      'user',
      'ImageNotFound',
    ],
    [
      'docker',
      125,
      'docker: Error response from daemon: runc: runc create failed: unable to start container process: exec: "/x": stat /x: no such file or directory: OCI runtime attempted to invoke a command that was not found\n',
      'user',
      'ContainerCommandNotRunnable',
    ],
    [
      'podman',
      125,
      'Error: initializing source docker://localhost/nope:latest: pinging container registry localhost: Get "https://localhost/v2/": dial tcp 127.0.0.1:443: connect: connection refused\n',
      'network',
      'ConnectionRefused',
    ],
    // docker run maps "permission denied" to 126 (v28: the socket message contains it)
    [
      'docker',
      126,
      'docker: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Head "http://%2Fvar%2Frun%2Fdocker.sock/_ping": dial unix /var/run/docker.sock: connect: permission denied\n',
      'user',
      'SocketPermissionDenied',
    ],
    ['docker', 1, 'Error response from daemon: toomanyrequests: retry-after: 12s\n', 'rate-limit', 'RateLimited'],
    [
      'docker',
      1,
      'toomanyrequests: too many failed login attempts for username or IP address\n',
      'user',
      'LoginThrottled',
    ],
    ['docker', 1, 'error waiting for container: unexpected EOF\n', 'network', 'WaitStreamLost'],
    [
      'docker',
      125,
      'docker: Error response from daemon: failed to create task: unable to start unit "docker-abc.scope": Message recipient disconnected from message bus without replying.\n',
      'network',
      'SystemdScopeHiccup',
    ],
    [
      'docker',
      125,
      'docker: Error response from daemon: Conflict. The container name "/x" is already in use by container "abc".\n',
      'user',
      'NameConflict',
    ],
    [
      'docker',
      125,
      'docker: Error response from daemon: driver failed programming external connectivity: Bind for 0.0.0.0:80 failed: port is already allocated.\n',
      'user',
      'PortInUse',
    ],
    ['podman', 125, 'Error: writing blob: no space left on device\n', 'user', 'NoSpaceLeft'],
    [
      'docker',
      1,
      'Error response from daemon: Get "https://r/v2/": read tcp 1.2.3.4:5->6.7.8.9:443: read: connection reset by peer\n',
      'network',
      'ConnectionReset',
    ],
    ['docker', 1, 'invalid reference format: repository name must be lowercase\n', 'user', 'InvalidReference'],
  ];
  it.each(cases)('%s exit %i with its message is %s', (tool, code, stderr, category, name) => {
    expect(classifyExitCode(models[tool], code, stderr)).toMatchObject({ category, name, rawCode: code });
  });
});

describe('128+N for every signal number up to 64', () => {
  it.each([
    ['docker', 137, 'signal', 'SIGKILL', 137],
    ['docker', 170, 'signal', 'SIG42', 170],
    ['generic', 192, 'signal', 'SIG64', 192],
    ['bazel', 162, 'signal', 'SIG34', 162],
    ['generic', 193, 'failure', 'Failure', 1],
  ] as const)('%s exit %i is %s %s, normalized %i', (tool, code, category, name, normalized) => {
    expect(classifyExitCode(models[tool], code)).toMatchObject({
      category,
      name,
      normalizedCode: normalized,
      rawCode: code,
    });
  });
});
