import { describe, expect, it } from 'vitest';
import { classifyExitCode, classifyOutcome } from '../../src/classify.js';
import { models } from '../../src/models/index.js';

const BUSY = 'Command failed: \nBuck daemon is busy processing another command: 0f3c\n\nCaused by:\n    `--exit-when=differentstate` was set\n';
const EVENT_BUS = 'Command failed: \nBuck daemon event bus encountered an error, the root cause (if available) is displayed above this message.\n';

describe('classifyOutcome', () => {
  it('reads a signal death as 128+N, never as 0', () => {
    expect(classifyOutcome(models.buck2, { kind: 'signaled', signal: 'SIGTERM' })).toMatchObject({
      category: 'signal', name: 'SIGTERM', normalizedCode: 143, rawCode: null, signal: 'SIGTERM',
    });
    expect(classifyOutcome(models.generic, { kind: 'signaled', signal: 'SIGKILL' }).normalizedCode).toBe(137);
  });
  it('reads spawn failures with the chroot convention', () => {
    expect(classifyOutcome(models.generic, { kind: 'spawn-error', errno: 'ENOENT', message: '' })).toMatchObject({ name: 'CommandNotFound', normalizedCode: 127, category: 'user' });
    expect(classifyOutcome(models.generic, { kind: 'spawn-error', errno: 'EACCES', message: '' })).toMatchObject({ name: 'CannotExecute', normalizedCode: 126 });
  });
  it('reads a timeout as timeout (6) and a cancellation as the signal', () => {
    expect(classifyOutcome(models.buck2, { kind: 'timed-out', timeoutMs: 5, ended: { kind: 'signaled', signal: 'SIGTERM' } })).toMatchObject({ category: 'timeout', normalizedCode: 6, rawCode: null });
    expect(classifyOutcome(models.buck2, { kind: 'cancelled', signal: 'SIGINT', ended: { kind: 'exited', code: 141 } })).toMatchObject({ category: 'signal', name: 'Cancelled', normalizedCode: 130 });
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
    ['docker', 125, "docker: Cannot connect to the Docker daemon at tcp://127.0.0.1:1. Is the docker daemon running?\n\nRun 'docker run --help' for more information\n", 'connect', 'DaemonUnreachable'],
    ['docker', 1, 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', 'connect', 'DaemonUnreachable'],
    ['docker', 127, 'docker: failed to connect to the docker API at unix:///var/run/docker.sock; check if the path is correct and if the daemon is running: dial unix /var/run/docker.sock: connect: no such file or directory\n', 'connect', 'DaemonUnreachable'],
    ['docker', 1, 'permission denied while trying to connect to the docker API at unix:///var/run/docker.sock\n', 'user', 'SocketPermissionDenied'],
    ['docker', 125, "unknown flag: --foo\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information\n", 'user', 'CliUsageError'],
    ['docker', 125, 'docker: Error response from daemon: something broke.\n', 'infra', 'DockerError'],
    ['docker', 1, 'Error response from daemon: toomanyrequests: You have reached your pull rate limit.\n', 'rate-limit', 'RateLimited'],
    ['docker', 1, 'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: TLS handshake timeout\n', 'network', 'TlsHandshakeTimeout'],
    ['docker', 1, 'Error response from daemon: manifest unknown\n', 'user', 'ImageNotFound'],
    ['docker', 1, 'Error response from daemon: pull access denied for nope, repository does not exist or may require \'docker login\'\n', 'user', 'AccessDenied'],
    ['docker', 1, 'Error response from daemon: received unexpected HTTP status: 503 Service Unavailable\n', 'network', 'RegistryServerError'],
    // a container's own exit code is its own, whatever it printed
    ['docker', 3, 'Cannot connect to the Docker daemon at x. Is the docker daemon running?\n', 'failure', 'ContainerExit'],
    ['podman', 125, 'Error: unknown flag: --foo\nSee \'podman run --help\'\n', 'user', 'CliUsageError'],
    ['podman', 125, 'Cannot connect to Podman. Please verify your connection to the Linux system\nError: unable to connect to Podman socket: x\n', 'connect', 'DaemonUnreachable'],
    ['podman', 125, 'Error: something else\n', 'infra', 'ExecErrorCodeGeneric'],
  ];
  it.each(cases)('%s exit %i with its message is %s', (tool, code, stderr, category, name) => {
    expect(classifyExitCode(models[tool], code, stderr)).toMatchObject({ category, name, rawCode: code });
  });
});
