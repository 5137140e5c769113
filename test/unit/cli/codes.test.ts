import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/codes.js';
import { categoriesMarkdown, codesMarkdown, modelJson } from '../../../src/model/codes-table.js';
import { models, TOOL_NAMES } from '../../../src/model/tools/index.js';
import { UsageError } from '../../../src/settings/usage-error.js';
import { capturedOutput } from '../../helpers/stdout.js';

describe('xrun codes (cli/codes.ts)', () => {
  const output = capturedOutput();

  it("--tool NAME: that tool's table under its heading, and nothing else", async () => {
    expect(await main(['--tool', 'bazel'])).toEqual({ kind: 'code', code: 0 });
    expect(output.stdout()).toBe(`### Bazel (\`--tool bazel\`)\n\n${codesMarkdown(models.bazel)}\n`);
  });

  it('no tool: the categories, then every tool in the models’ order', async () => {
    expect(await main([])).toEqual({ kind: 'code', code: 0 });
    const text = output.stdout();
    expect(text.startsWith(`### Categories\n\n${categoriesMarkdown()}\n`)).toBe(true);
    const headings = [...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Categories', ...TOOL_NAMES.map((t) => `${models[t].title} (\`--tool ${t}\`)`)]);
  });

  it('--json: the model as JSON, for one tool or all', async () => {
    await main(['--json', '--tool', 'docker']);
    expect(JSON.parse(output.stdout())).toEqual(JSON.parse(JSON.stringify(modelJson(['docker']))));
    expect(output.stdout().endsWith('}\n')).toBe(true);
  });

  it('an unknown tool is a usage error; nothing is printed', async () => {
    await expect(main(['--tool', 'make'])).rejects.toThrow(UsageError);
    expect(output.stdout()).toBe('');
  });

  it('--help prints the help and succeeds', async () => {
    expect(await main(['--help'])).toEqual({ kind: 'code', code: 0 });
    expect(output.stdout()).toMatch(/^Usage: xrun codes/);
  });
});
