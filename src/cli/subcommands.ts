// The first words that select a subcommand instead of a command to run (`xrun -- explain` runs `explain`).
// Apart from argv.ts so that picking the path loads no commander.
export const SUBCOMMANDS = ['explain', 'codes', 'config', 'completion', 'fleet'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];
