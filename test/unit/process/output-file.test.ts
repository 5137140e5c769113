import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFileProblem } from '../../../src/process/output-file.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xrun-output-file-test-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'file'), 'old');
  symlinkSync(join(dir, 'sub', 'target.json'), join(dir, 'link'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outputFileProblem', () => {
  it.each([
    ['a new file in an existing directory', 'new.json'],
    ['an existing file (replaced at the end)', 'file'],
    ['a link to a file yet to be written', 'link'],
  ])('%s: none, and nothing left behind', (_name, name) => {
    const before = readdirSync(dir).sort();
    expect(outputFileProblem(join(dir, name))).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });

  it('a device is written in place: none', () => {
    expect(outputFileProblem('/dev/null')).toBeUndefined();
  });

  it.each([
    ['a directory', 'sub', () => 'it is a directory'],
    ['a missing directory', 'none/r.json', () => `its directory ${JSON.stringify(join(dir, 'none'))} does not exist`],
    ['a file as its directory', 'file/r.json', () => 'a part of its path is not a directory (ENOTDIR)'],
    [
      'a newline in the path, quoted',
      'a\nb/r.json',
      () => `its directory ${JSON.stringify(join(dir, 'a\nb'))} does not exist`,
    ],
  ])('%s: says why', (_name, path, problem) => {
    expect(outputFileProblem(join(dir, path))).toBe(problem());
  });
});
