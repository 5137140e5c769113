import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerInModuleChild } from '../../helpers/module-child.js';
import { plainEnv, tempDir } from '../../helpers/xrun.js';

// ranAsDefault in a process of its own, in `cwd`: what it returned, and how the process ended.
const ranAsDefault = async (words: readonly string[], cwd: string) =>
  answerInModuleChild(
    "import { ranAsDefault } from './src/cli/default-part.js';",
    `ranAsDefault(${JSON.stringify(words)})`,
    { cwd, env: plainEnv() },
  );

describe("the default run's own part (cli/default-part.ts)", () => {
  it('runs a default run and ends the process with its status', async () => {
    expect(await ranAsDefault(['sh', '-c', 'echo out; exit 3'], tempDir())).toEqual({
      answer: true,
      code: 3,
      stdout: 'out\n',
      stderr: '',
    });
  });

  it('hands back, with nothing started or said, what is no default run: bazel, a config file', async () => {
    const dir = tempDir();
    const marker = join(dir, 'started');
    const touch = ['sh', '-c', `touch ${marker}`];
    expect(await ranAsDefault(['bazel', 'build'], dir)).toEqual({ answer: false, code: 0, stdout: '', stderr: '' });
    writeFileSync(join(dir, '.xrunrc.json'), '{}');
    expect(await ranAsDefault(touch, dir)).toEqual({ answer: false, code: 0, stdout: '', stderr: '' });
    // a config file that cannot be read is the CLI's to say
    writeFileSync(join(dir, '.xrunrc.json'), '{"attempts": ');
    expect(await ranAsDefault(touch, dir)).toEqual({ answer: false, code: 0, stdout: '', stderr: '' });
    expect(existsSync(marker)).toBe(false);
  });
});
