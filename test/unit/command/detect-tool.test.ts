import { describe, expect, it } from 'vitest';
import { detectTool, effectiveCommand } from '../../../src/command/detect-tool.js';

describe('detectTool', () => {
  const rows: [string[], string][] = [
    [['buck2', 'build', '//...'], 'buck2'],
    [['/opt/bin/buck2', 'test'], 'buck2'],
    [['docker', 'run', 'busybox'], 'docker'],
    [['podman', 'run'], 'podman'],
    [['bazel', 'build'], 'bazel'],
    [['bazelisk', 'test'], 'bazel'],
    [['make', 'all'], 'generic'],
    [['buck2x'], 'generic'],
    [['env', 'FOO=1', 'BAR=2', 'buck2', 'build'], 'buck2'],
    [['env', '-i', '-u', 'HOME', 'docker', 'ps'], 'docker'],
    [['env', '-S', 'buck2 build //...'], 'buck2'],
    [['sudo', '-E', '-u', 'ci', 'docker', 'pull', 'x'], 'docker'],
    [['sudo', '--', 'podman', 'ps'], 'podman'],
    [['nice', '-n', '10', 'buck2', 'build'], 'buck2'],
    [['nice', '-5', 'bazel', 'build'], 'bazel'],
    [['nohup', 'buck2', 'build'], 'buck2'],
    [['sudo', 'env', 'A=b', 'nice', 'nohup', '/usr/bin/docker', 'run'], 'docker'],
    [['env'], 'generic'],
    [['env', 'buck2'], 'buck2'],
  ];
  it.each(rows)('%j -> %s', (argv, tool) => {
    expect(detectTool(argv)).toBe(tool);
  });
  it('names the effective command', () => {
    expect(effectiveCommand(['sudo', '-u', 'x', 'env', 'A=1', './tool', '--flag'])).toBe('./tool');
    expect(effectiveCommand(['nohup'])).toBeUndefined();
  });
});
