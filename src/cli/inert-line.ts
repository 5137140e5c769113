import { globalOptionsEnd } from '../command/tools.js';
import { classifyExitCode } from '../model/classify.js';
import { inertCodes, inertLine } from '../model/inert.js';
import { decideRetry } from '../model/policy.js';
import { models } from '../model/tools/index.js';
import type { Plan } from '../settings/plan.js';

// `xrun config`'s line when the policy retries a code this command cannot produce (buck2's 4 and 5
// without --exit-when / --preemptible): said there once, not on every run.
export function inertRetriesLine(plan: Plan): string[] {
  const model = models[plan.tool];
  const words = plan.parsed.effectiveArgv ?? [];
  const end = globalOptionsEnd(plan.tool, words);
  const retried = (code: number) => {
    const decision = decideRetry({ kind: 'exited', code }, classifyExitCode(model, code), 1, plan.policy);
    return decision.retry || decision.stop === 'exhausted';
  };
  const inert = inertCodes(model, words.slice(1, end), words.slice(end + 1), (entry) => retried(entry.code));
  return inert.length > 0 ? [inertLine(plan.tool, inert)] : [];
}
