import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asParsed, type CommandInput } from '../command/parse.js';
import type { ToolName } from '../model/tools/index.js';

// Which daemon a command talks to: the project (its root) and, where a tool runs several, which one.
// The wait queue and the fleet key both name a daemon this way.

// Files that mark a project's root, per tool (the outermost one wins for buck2: nested cells have their own).
const ROOT_MARKERS: Partial<Record<ToolName, { files: string[]; outermost: boolean }>> = {
  buck2: { files: ['.buckconfig'], outermost: true },
  bazel: { files: ['MODULE.bazel', 'WORKSPACE', 'WORKSPACE.bazel'], outermost: false },
};
// The project whose daemon a command talks to: buck2's outermost .buckconfig, bazel's workspace, else cwd.
export function projectRoot(tool: ToolName, cwd: string): string {
  const markers = ROOT_MARKERS[tool];
  if (!markers) return cwd;
  let found: string | undefined;
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (markers.files.some((f) => existsSync(join(dir, f)))) {
      found = dir;
      if (!markers.outermost) break;
    }
    if (dirname(dir) === dir) break;
  }
  return found ?? cwd;
}

// Which of the project's daemons a command talks to, when a tool runs several: buck2's isolation dir,
// as the command sets it (ParsedCommand.isolationDir), else $BUCK_ISOLATION_DIR, else "v2"; one
// daemon per isolation dir.
export function daemonOf(tool: ToolName, command: CommandInput, env: NodeJS.ProcessEnv): string {
  if (tool !== 'buck2') return '';
  const parsed = asParsed(command);
  if (!parsed.effectiveArgv) return '';
  return parsed.isolationDir ?? (env['BUCK_ISOLATION_DIR'] || 'v2');
}
