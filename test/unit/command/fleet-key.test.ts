import { describe, expect, it } from 'vitest';
import { fleetKeyOf, registryOf } from '../../../src/command/fleet-key.js';
import { parseCommand } from '../../../src/command/parse.js';

const key = (words: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseCommand(words);
  return fleetKeyOf(parsed.tool, parsed, '/home/ci/builds/acme/webapp', env);
};

describe('the fleet service key', () => {
  it.each([
    [['docker', 'pull', 'busybox'], 'docker:docker.io'],
    [['docker', 'pull', '--quiet', 'ghcr.io/acme/tool:1'], 'docker:ghcr.io'],
    [['docker', 'run', '--rm', 'localhost:5000/x', 'sh'], 'docker:localhost:5000'],
    [['podman', 'push', 'quay.io/acme/app'], 'podman:quay.io'],
    [['docker', '-H', 'tcp://builder:2375', 'build', '.'], 'docker:daemon=tcp://builder:2375'],
    [['docker', 'build', '.'], 'docker:daemon=local'],
    [['bazel', 'build', '//...'], 'bazel:webapp'],
    [['curl', '-fsS', 'https://x'], 'curl:webapp'],
  ])('%j -> %s', (words, expected) => {
    expect(key(words)).toBe(expected);
  });

  it("takes the daemon's host from DOCKER_HOST", () => {
    expect(key(['docker', 'build', '.'], { DOCKER_HOST: 'ssh://ci@builder' })).toBe('docker:daemon=ssh://ci@builder');
  });

  it('registryOf: a first part with a dot, a port or localhost is a host, else Docker Hub', () => {
    expect(['library/busybox', 'acme/app', 'registry.acme.io/app', 'localhost/app'].map(registryOf)).toEqual([
      'docker.io',
      'docker.io',
      'registry.acme.io',
      'localhost',
    ]);
  });
});
