import { describe, expect, it } from 'vitest';
import { bashScript } from '../../../../src/cli/completion/bash.js';
import { fishScript } from '../../../../src/cli/completion/fish.js';
import { main } from '../../../../src/cli/completion/main.js';
import { completionSpec } from '../../../../src/cli/completion/spec.js';
import { zshScript } from '../../../../src/cli/completion/zsh.js';
import { VERSION } from '../../../../src/model/version.js';
import { UsageError } from '../../../../src/settings/usage-error.js';
import { capturedOutput } from '../../../helpers/stdout.js';

describe('xrun completion SHELL (cli/completion/main.ts)', () => {
  const output = capturedOutput();

  it.each([
    ['bash', bashScript],
    ['zsh', zshScript],
    ['fish', fishScript],
  ] as const)("%s: that shell's script, for this version, and exit 0", async (shell, script) => {
    expect(await main([shell])).toEqual({ kind: 'code', code: 0 });
    expect(output.stdout()).toBe(script(completionSpec(), VERSION));
  });

  it('another shell is a usage error and prints nothing', async () => {
    await expect(main(['tcsh'])).rejects.toThrow(UsageError);
    expect(output.stdout()).toBe('');
  });
});
