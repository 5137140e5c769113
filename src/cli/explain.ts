import { parseExplainLine } from './argv.js';
import { outputFlagPatterns } from '../model/rules.js';
import type { ExitStatus } from '../model/exit-status.js';
import { explain, explainTable, explainText } from '../model/explain.js';
import { loadSettings } from '../settings/load.js';
import { TOOL_NAMES, type ToolName } from '../model/tools/index.js';
import { parseSignal, parseTool } from '../settings/plan.js';
import { planFrom } from '../settings/layers.js';
import { UsageError } from '../settings/usage-error.js';
import { writeStdout } from '../process/stdio.js';

// `xrun explain CODE [--tool NAME] [run options]` and `xrun explain --signal NAME`: prints what the
// model and the effective policy (flags, environment, config) make of it. Throws UsageError.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseExplainLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  if ((line.code === undefined) === (line.signal === undefined))
    throw new UsageError('explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)');
  const subject = line.signal === undefined ? parseCode(line.code!) : parseSignal(line.signal);
  const tools: readonly ToolName[] = line.settings.tool === undefined ? TOOL_NAMES : [parseTool(line.settings.tool)];
  const explanations = tools.map((tool) => {
    const settings = { ...line.settings, tool };
    const plan = planFrom(loadSettings(settings, [tool]), [tool]);
    const output = outputFlagPatterns(plan.policy.deciders);
    return explain(tool, subject, plan.policy, output.retry.length + output.stop.length > 0 ? output : undefined);
  });
  writeStdout(explanations.length === 1 ? explainText(explanations[0]!) : explainTable(explanations));
  return { kind: 'code', code: 0 };
}

function parseCode(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 255) throw new UsageError(`explain: expected an exit code 0-255, got '${text}'`);
  return Number(text);
}
