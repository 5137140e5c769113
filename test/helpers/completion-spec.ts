import type { CompletedOption, CompletionSpec } from '../../src/cli/completion/spec.js';

// A small completion spec by hand, for exact script lines: a run path with a short option, a list, a
// file and a switch (help with quotes, brackets and a backslash), and three subcommands whose words
// after the options are nothing, a set, and a command.
const tool: CompletedOption = {
  long: '--tool',
  short: '-t',
  help: 'the tool [model]',
  value: { kind: 'words', words: ['bazel', 'docker'], list: false },
};

export const TINY_SPEC: CompletionSpec = {
  run: {
    name: '',
    help: 'run a command',
    options: [
      tool,
      { long: '--retry-on', help: "what's retried", value: { kind: 'words', words: ['busy', 'timeout'], list: true } },
      { long: '--output', help: 'write to a\\b', value: { kind: 'file' } },
      { long: '--dry-run', help: 'just say' },
    ],
    args: { kind: 'command' },
  },
  subcommands: [
    {
      name: 'codes',
      help: 'print the codes: all of them',
      options: [tool, { long: '--json', help: 'as JSON' }],
      args: { kind: 'none' },
    },
    {
      name: 'completion',
      help: 'print a script. For a shell',
      options: [],
      args: { kind: 'words', words: ['bash', 'zsh'], list: false },
    },
    { name: 'config', help: 'show the settings', options: [tool], args: { kind: 'command' } },
  ],
};
