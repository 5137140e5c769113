import { containerMessageRules } from './docker.js';
import type { ToolModel } from './types.js';

// Source: containers/podman@c6580b4a5219c9efb9ab79a540637d8a58b736f8, summarised in docs/exit-codes.md (Podman).
const EXEC_CODES_GO = 'containers/podman libpod/define/exec_codes.go';
const ROOT_GO = 'containers/podman cmd/podman/root.go Execute()';

export const podman: ToolModel = {
  tool: 'podman',
  title: 'Podman',
  codes: [
    { code: 0, name: 'Success', category: 'success', meaning: 'the command succeeded', source: ROOT_GO },
    {
      code: 125,
      name: 'ExecErrorCodeGeneric',
      category: 'infra',
      meaning: 'podman itself failed (every podman error defaults to 125)',
      source: `${ROOT_GO}; ${EXEC_CODES_GO}`,
    },
    { code: 126, name: 'ExecErrorCodeCannotInvoke', category: 'user', meaning: 'the container command cannot be invoked', source: EXEC_CODES_GO },
    { code: 127, name: 'ExecErrorCodeNotFound', category: 'user', meaning: 'the container command cannot be found', source: EXEC_CODES_GO },
  ],
  rules: [
    ...containerMessageRules.map((rule) => ({ ...rule, codes: [125] })),
    {
      id: 'cli-usage',
      pattern: /^Error: (unknown (shorthand )?flag: |.*flag needs an argument|.*accepts \d+ arg|.*requires at least \d+ arg)/m,
      codes: [125],
      name: 'CliUsageError',
      category: 'user',
      meaning: 'the podman CLI rejected its arguments',
      source: ROOT_GO,
    },
  ],
  otherCodes: {
    name: 'ContainerExit',
    category: 'failure',
    meaning: "the container's own exit code",
    source: 'containers/podman docs/source/markdown/podman-run.1.md.in "Exit Status"',
  },
  signalCodes: 'containers/podman docs/source/markdown/podman-run.1.md.in "Exit Status" (the container code, 128+N for a signal)',
};
