import type { ToolModel } from './types.js';

// The POSIX shell and env/timeout/chroot convention (docker run's docs cite chroot; POSIX 2.8.2
// "Exit Status for Commands": 126 not executable, 127 not found, >128 signal). See docs/exit-codes.md.
const POSIX = 'POSIX.1-2017 XCU 2.8.2 Exit Status for Commands; docker/cli docs/reference/run.md (chroot convention)';

export const generic: ToolModel = {
  tool: 'generic',
  title: 'Any other command',
  codes: [
    { code: 0, name: 'Success', category: 'success', meaning: 'the command succeeded', source: POSIX },
    {
      code: 126,
      name: 'CannotExecute',
      category: 'user',
      meaning: 'a command was found but cannot be executed',
      source: POSIX,
    },
    { code: 127, name: 'NotFound', category: 'user', meaning: 'a command was not found', source: POSIX },
  ],
  rules: [],
  otherCodes: { name: 'Failure', category: 'failure', meaning: 'the command failed', source: POSIX },
  signalCodes: POSIX,
};
