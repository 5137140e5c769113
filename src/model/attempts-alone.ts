import { CATEGORIES, type Category } from './categories.js';
import type { Condition } from './conditions.js';
import type { FlagConditions } from './rules.js';
import type { ToolName } from './tools/types.js';

// What a modeled tool's failures of these categories mean is "try again": the daemon busy or gone, the
// network or registry, the tool's own infrastructure, an attempt past --timeout.
const TRANSIENT: readonly Category[] = [
  'busy',
  'preempted',
  'connect',
  'daemon-died',
  'network',
  'rate-limit',
  'infra',
  'timeout',
];

// Deaths (or exit codes read as them) that mean someone stopped the command, or its reader went away:
// retrying would undo the stop.
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGPIPE'];

// `--attempts N` with no retry option or retry rule retries as `retry` does: for a command with no model
// any failure, for a modeled tool what its model calls transient; never an interrupt. `name` is where
// --attempts came from. Pure.
export function attemptsAloneRetry(tool: ToolName, name: string): FlagConditions {
  const categories = tool === 'generic' ? CATEGORIES.filter((c) => c !== 'success') : TRANSIENT;
  const conditions: Condition[] = categories.map((category) => ({ kind: 'category', category, text: category }));
  const except: Condition[] = INTERRUPTS.map((signal) => ({ kind: 'signal', signal, text: signal }));
  const what = tool === 'generic' ? 'any failure' : `what the ${tool} model calls transient (${TRANSIENT.join(', ')})`;
  return {
    name,
    conditions,
    except,
    isSwitch: true,
    summary: `${what}, never an interrupt (${INTERRUPTS.join(', ')}), as ${name} alone asks`,
  };
}
