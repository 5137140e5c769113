import { describe, expect, it } from 'vitest';
import { closestName, unknownToolHint } from '../../../src/settings/suggest.js';

describe('closestName: the near miss of a name, as commander suggests a flag', () => {
  it.each([
    ['bazle', 'bazel'],
    ['bazl', 'bazel'],
    ['baazel', 'bazel'],
    ['dokcer', 'docker'],
    ['Docker', 'docker'],
    ['buck', 'buck2'],
    ['buck3', 'buck2'],
    ['podmn', 'podman'],
    ['genric', 'generic'],
    ['make', undefined],
    ['b', undefined],
    ['', undefined],
    ['bzl', 'bazel'],
    ['xyz', undefined],
  ])('%j -> %j', (word, near) => {
    expect(closestName(word, ['buck2', 'docker', 'podman', 'bazel', 'generic'])).toBe(near);
  });

  it('the closest of two near names wins', () => {
    expect(closestName('cat', ['cart', 'cat'])).toBe('cat');
    expect(closestName('bat', ['cart', 'bar'])).toBe('bar');
  });

  it("a tool's hint: the near name, else the names there are", () => {
    expect(unknownToolHint('bazle')).toBe('did you mean bazel?');
    expect(unknownToolHint('make')).toBe('expected one of buck2, docker, podman, bazel, generic');
  });
});
