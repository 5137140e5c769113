import { parseExplainLine } from './argv.js';
import { outputFlagPatterns } from '../model/rules.js';
import type { ExitStatus } from '../model/exit-status.js';
import { explain, explainTable, explainText } from '../model/explain.js';
import { loadSettings } from '../settings/load.js';
import { TOOL_NAMES, type ToolName } from '../model/tools/index.js';
import { parseCommand } from '../command/parse.js';
import { subcommandWords } from '../command/tools.js';
import { parseSignal, parseTool } from '../settings/plan.js';
import { planFrom } from '../settings/layers.js';
import { UsageError } from '../settings/usage-error.js';
import { writeStdout } from '../process/stdio.js';

// `xrun explain CODE [--tool NAME] [run options] [-- command]` and `xrun explain --signal NAME`: prints
// what the model and the effective policy (flags, environment, config) make of it; a command after `--`
// picks the tool (unless --tool does) and the subcommand. Throws UsageError.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const dash = argv.indexOf('--');
  const line = parseExplainLine(dash < 0 ? argv : argv.slice(0, dash));
  if (dash >= 0 && dash === argv.length - 1) throw new UsageError('explain: give a command after -- (e.g. xrun explain 3 -- bazel query //...)');
  const command = dash < 0 ? undefined : parseCommand(argv.slice(dash + 1));
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  if ((line.code === undefined) === (line.signal === undefined))
    throw new UsageError('explain: give an exit code or --signal NAME (e.g. xrun explain 4 --tool buck2)');
  const subject = line.signal === undefined ? parseCode(line.code!) : parseSignal(line.signal);
  const given = line.settings.tool === undefined ? command?.tool : parseTool(line.settings.tool);
  const tools: readonly ToolName[] = given === undefined ? TOOL_NAMES : [given];
  const explanations = tools.map((tool) => {
    const settings = { ...line.settings, tool };
    const plan = planFrom(loadSettings(settings, command ?? [tool]), command ?? [tool]);
    const output = outputFlagPatterns(plan.policy.deciders);
    return explain(
      tool,
      subject,
      plan.policy,
      output.retry.length + output.stop.length > 0 ? output : undefined,
      subcommandWords(tool, command?.effectiveArgv),
    );
  });
  writeStdout(explanations.length === 1 ? explainText(explanations[0]!) : explainTable(explanations));
  return { kind: 'code', code: 0 };
}

function parseCode(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 255) throw new UsageError(`explain: expected an exit code 0-255, got '${text}'`);
  return Number(text);
}
