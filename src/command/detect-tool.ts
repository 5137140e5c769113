import type { ToolName } from '../model/tools/index.js';
import { parseCommand } from './parse.js';

// The library's view of tool detection; the facts come from the one parse of a command (command/parse.ts).

// The command that really runs, seen through `env VAR=x`, `sudo`, `nice` and `nohup` prefixes.
export function effectiveCommand(argv: readonly string[]): string | undefined {
  return parseCommand(argv).effectiveArgv?.[0];
}

// The tool model for a command line: buck2, docker, podman, bazel, or generic.
export function detectTool(argv: readonly string[]): ToolName {
  return parseCommand(argv).tool;
}
