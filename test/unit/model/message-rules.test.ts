import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../src/model/classify.js';
import { models, type ToolName } from '../../../src/model/tools/index.js';

// The tools' own texts (measured docker CLI 28.2.2 and podman 4.3.1 on this machine where marked; the
// others as their sources build them), the code they come with, and how xrun reads them.
const help = "\n\nRun 'docker run --help' for more information\n";
const rows: [ToolName, number, string, string | undefined, string][] = [
  // docker 125: the daemon side stays retryable, the CLI's validation is a user error
  [
    'docker',
    125,
    `docker: Cannot connect to the Docker daemon at unix:///tmp/x.sock. Is the docker daemon running?${help}`,
    'daemon-unreachable',
    'connect',
  ],
  [
    'docker',
    125,
    'docker: error during connect: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/create": EOF',
    'daemon-unreachable',
    'connect',
  ],
  ['docker', 125, 'docker: Error response from daemon: something the engine said', undefined, 'infra'],
  [
    'docker',
    125,
    `unknown flag: --badflag\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]${help}`,
    'cli-usage',
    'user',
  ],
  [
    'docker',
    125,
    `unknown shorthand flag: 'x' in -x\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]${help}`,
    'cli-usage',
    'user',
  ],
  [
    'docker',
    125,
    `invalid argument "type=bind,foo" for "--mount" flag: invalid field 'foo' must be a key=value pair\n\nUsage:  docker run [OPTIONS] IMAGE`,
    'cli-usage',
    'user',
  ],
  [
    'docker',
    125,
    `docker: invalid reference format: repository name (library/Bad) must be lowercase${help}`,
    'invalid-reference',
    'user',
  ],
  ['docker', 125, `docker: invalid containerPort: abc${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: invalid IP address: 1:2:3${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: invalid hostPort: x${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: invalid proto: sctpx${help}`, 'run-validation', 'user'],
  [
    'docker',
    125,
    `docker: conflicting options: cannot specify both --restart and --rm${help}`,
    'run-validation',
    'user',
  ],
  [
    'docker',
    125,
    `docker: invalid pull option: 'sometimes': must be one of "always", "missing" or "never"${help}`,
    'run-validation',
    'user',
  ],
  ['docker', 125, `docker: --health-interval cannot be negative${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: --pid: invalid PID mode${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: bad format for path: /a:b:c:d${help}`, 'run-validation', 'user'],
  ['docker', 125, `docker: invalid --security-opt: "foo"${help}`, 'run-validation', 'user'],
  // the same texts at another code are not docker run's validation
  ['docker', 1, 'conflicting options: cannot specify both --attach and --detach', undefined, 'failure'],
  // podman 125: validation is a user error
  [
    'podman',
    125,
    'Error: the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"',
    'run-validation',
    'user',
  ],
  [
    'podman',
    125,
    'Error: /a:b:c:d: incorrect volume format, should be [host-dir:]ctr-dir[:option]',
    'run-validation',
    'user',
  ],
  ['podman', 125, 'Error: foo: invalid mount option', 'run-validation', 'user'],
  ['podman', 125, 'Error: unsupported pull policy "sometimes"', 'run-validation', 'user'],
  ['podman', 125, 'Error: unrecognized namespace mode bad passed', 'run-validation', 'user'],
  [
    'podman',
    125,
    'Error: parsing container port: invalid port number: strconv.Atoi: parsing "abc": invalid syntax',
    'run-validation',
    'user',
  ],
  ['podman', 125, 'Error: repository name must be lowercase', 'run-validation', 'user'],
  ['podman', 125, 'Error: invalid reference format', 'invalid-reference', 'user'],
  ['podman', 125, "Error: unknown shorthand flag: 'x' in -x\nSee 'podman run --help'", 'cli-usage', 'user'],
  ['podman', 125, 'Error: some other podman failure', undefined, 'infra'],
  // podman 126: start failures of the engine are infra; a command that cannot run stays user
  [
    'podman',
    126,
    'Error: netavark: code: 1, msg: iptables: Resource temporarily unavailable',
    'start-network',
    'infra',
  ],
  ['podman', 126, 'Error: pasta failed with exit code 1:\nNo routable interface for IPv6', 'start-network', 'infra'],
  ['podman', 126, 'Error: complete network setup: netns: setting up loopback', 'start-network', 'infra'],
  [
    'podman',
    126,
    'Error: runc: runc create failed: unable to start container process: unable to apply cgroup configuration: failed to write 42: openat2 /sys/fs/cgroup/x/cgroup.procs: no such device: OCI runtime error',
    'start-cgroup',
    'infra',
  ],
  ['podman', 126, 'Error: crun: fork: Resource temporarily unavailable: OCI runtime error', 'start-eagain', 'infra'],
  [
    'podman',
    126,
    'Error: runc: runc create failed: unable to start container process: exec: "/etc": permission denied: OCI permission denied',
    undefined,
    'user',
  ],
  // the start rules are podman run's 126 only
  ['podman', 125, 'Error: crun: fork: Resource temporarily unavailable: OCI runtime error', undefined, 'infra'],
  ['podman', 1, 'netavark: whatever the container printed', undefined, 'failure'],
  // a podman 127 with no message after a run: a failed wait, read by the code table
  ['podman', 127, '', undefined, 'user'],
];

describe('message rules where the code is too broad', () => {
  it.each(rows)('%s exit %i %j: rule %s, %s', (tool, code, text, ruleId, category) => {
    const c = classifyExitCode(models[tool], code, text);
    expect(c.ruleId).toBe(ruleId);
    expect(c.category).toBe(category);
  });

  it("says what podman's 127 with no message is", () => {
    expect(classifyExitCode(models.podman, 127).meaning).toContain('no message after a run: a failed wait');
  });
});
