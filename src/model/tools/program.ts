import type { CodeEntry, Refinement } from './types.js';

// A subcommand that runs a program and exits with its status (bazel run, buck2 run): 0 its success,
// 129-192 its signal, any other code its own (or the tool's, before the program ran), never the tool's table.
export function programRefinement(
  via: string,
  subcommands: readonly string[],
  source: string,
  extra: Partial<Refinement> = {},
): Refinement {
  const success: CodeEntry = {
    code: 0,
    name: 'Success',
    category: 'success',
    meaning: 'the program succeeded',
    source,
  };
  return {
    subcommands,
    via,
    table: 'own',
    passthrough: true,
    codes: [success],
    otherCodes: {
      name: 'ProgramExit',
      category: 'failure',
      meaning: "the program's own exit code (or the tool's, before it ran)",
      source,
    },
    signalCodes: `${source}: 128+N for a program killed by signal N`,
    ...extra,
  };
}
