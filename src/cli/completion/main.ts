import type { ExitStatus } from '../../model/exit-status.js';
import { VERSION } from '../../model/version.js';
import { writeStdout } from '../../process/stdio.js';
import { parseCompletionLine, type Shell } from '../argv.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { type CompletionSpec, completionSpec } from './spec.js';
import { zshScript } from './zsh.js';

const SCRIPTS: Readonly<Record<Shell, (spec: CompletionSpec, version: string) => string>> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

// `xrun completion bash|zsh|fish`: prints the shell's completion script. Throws UsageError.
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  const line = parseCompletionLine(argv);
  if (line.kind === 'done') return { kind: 'code', code: 0 };
  writeStdout(SCRIPTS[line.shell](completionSpec(), VERSION));
  return { kind: 'code', code: 0 };
}
