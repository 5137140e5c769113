import { categoriesMarkdown, codesMarkdown, modelJson } from './codes-table.js';
import { parseCodesLine } from './command-line.js';
import type { ExitStatus } from './exit-status.js';
import { models, TOOL_NAMES } from './models/index.js';
import { parseTool } from './plan.js';
import { writeStdout } from './stdio.js';

// `xrun codes [--tool NAME] [--json]`: the model the runner uses, as the README's tables or as JSON.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseCodesLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  const tools = line.tool === undefined ? TOOL_NAMES : [parseTool(line.tool)];
  if (line.json) {
    writeStdout(`${JSON.stringify(modelJson(tools), null, 2)}\n`);
  } else {
    const parts = line.tool === undefined ? ['### Categories\n', categoriesMarkdown(), ''] : [];
    for (const tool of tools) parts.push(`### ${models[tool].title} (\`--tool ${tool}\`)\n`, codesMarkdown(models[tool]), '');
    writeStdout(`${parts.join('\n')}`);
  }
  return { kind: 'code', code: 0 };
}
