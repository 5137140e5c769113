import { categoriesMarkdown, codesMarkdown, modelJson } from '../model/codes-table.js';
import type { ExitStatus } from '../model/exit-status.js';
import { models, TOOL_NAMES } from '../model/tools/index.js';
import { writeStdout } from '../process/stdio.js';
import { parseTool } from '../settings/plan.js';
import { parseCodesLine } from './argv.js';

// `xrun codes [--tool NAME] [--json]`: the model the runner uses, as the tables of docs/models.md or as JSON.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseCodesLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  const tools = line.tool === undefined ? TOOL_NAMES : [parseTool(line.tool)];
  if (line.json) {
    writeStdout(`${JSON.stringify(modelJson(tools), null, 2)}\n`);
  } else {
    const parts = line.tool === undefined ? ['### Categories\n', categoriesMarkdown(), ''] : [];
    for (const tool of tools)
      parts.push(`### ${models[tool].title} (\`--tool ${tool}\`)\n`, codesMarkdown(models[tool]), '');
    writeStdout(`${parts.join('\n')}`);
  }
  return { kind: 'code', code: 0 };
}
