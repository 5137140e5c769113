import type { Plan } from '../settings/plan.js';

type FieldUse = (plan: Plan) => boolean;
const never: FieldUse = () => false;

// For each field of the plan, whether as set it makes anything the CLI does or says depend on what the
// tool's model makes of an exit beyond the exit status itself: its messages, its release (a decision, the
// exit status, a report, the fleet's record). Every field is listed, so a new one is decided here: the
// type checker asks for it. A timeout, a signal or a spawn error classifies the same without the messages
// (model/classify.ts reads them for an exit code only).
const READS_CLASSIFICATION: { readonly [K in keyof Required<Plan>]: FieldUse } = {
  policy: ({ policy: { attempts, deciders } }) =>
    attempts > 1 || deciders.retryOn.length > 0 || deciders.stopOn.length > 0 || deciders.rules.length > 0,
  normalize: (plan) => plan.normalize,
  map: (plan) => plan.map.length > 0,
  report: (plan) => plan.report !== undefined,
  fleet: (plan) => plan.fleet !== undefined,
  command: never,
  parsed: never,
  tool: never,
  quiet: never,
  timeoutMs: never,
  killAfterMs: never,
  stopSignal: never,
  forwardedTermSignal: never,
  deadlineMs: never,
  stdinBuffer: never,
  // the wait queue and the --on-retry hook are there only for retries, which the policy decides
  queue: never,
  onRetry: never,
  // the tool's own report file replaces the messages where something reads the classification
  structured: never,
  holdStdout: never,
  staggerMs: never,
  color: never,
};

// Whether anything reads the classification: only then does the CLI read the command's stderr for the
// tool's messages and ask the tool for its release, with a GitHub step summary (the report) among the
// readers. Otherwise stderr stays xrun's own descriptor, unread, whatever the tool. Pure.
export function classificationRead(plan: Plan, stepSummary: boolean): boolean {
  return stepSummary || Object.values(READS_CLASSIFICATION).some((matters) => matters(plan));
}
