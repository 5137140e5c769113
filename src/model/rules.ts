import { type Condition, type MatchSubject, matchCondition } from './conditions.js';

// What a rule (or a flag) does with an attempt it matches: retry it, stop, or stop and exit with N.
export type Action = 'retry' | 'stop' | { map: number };

// A config rule: every `when` condition must hold. `name` is how a decision names it
// ("rule 2 of xrun.config.json").
export interface Rule {
  name: string;
  when: readonly Condition[];
  // the JSON's `then`
  action: Action;
}

// A flag's conditions (any one matches), named by where they came from (`--retry-on`, `XRUN_STOP_ON`);
// a decision names a list flag with the word that matched (`--stop-on 3`), a switch alone (`--retry-busy`).
export interface FlagConditions {
  name: string;
  conditions: readonly Condition[];
  isSwitch?: boolean;
  // conditions that keep the flag from matching though one of `conditions` does (--attempts alone: interrupts)
  except?: readonly Condition[];
  // how `xrun config` says what the flag retries, instead of its words
  summary?: string;
}

// Everything besides the model that decides an attempt's fate, in the order it is consulted:
// --stop-on first (a stop always wins), then the rules in order (first match wins), then the retry
// flags (--retry-on, --retry-busy, --retry-connect). Nothing matching is the default: stop.
export interface Deciders {
  stopOn: readonly FlagConditions[];
  rules: readonly Rule[];
  retryOn: readonly FlagConditions[];
}

// What decided, as a decision reports it: the action and who chose it ("--stop-on 3", "rule 1 of ...").
export interface Verdict {
  action: Action;
  decider: string;
}

// Whether anything can retry: a retry flag, or a rule that retries.
export function retriesAnything({ retryOn, rules }: Deciders): boolean {
  return retryOn.length > 0 || rules.some((r) => r.action === 'retry');
}

// The first decider that matches the attempt, or undefined when none does. Pure.
export function decideAction(subject: MatchSubject, deciders: Deciders): Verdict | undefined {
  return (
    firstFlag(subject, deciders.stopOn, 'stop') ??
    firstRule(subject, deciders.rules) ??
    firstFlag(subject, deciders.retryOn, 'retry')
  );
}

function firstFlag(subject: MatchSubject, flags: readonly FlagConditions[], action: Action): Verdict | undefined {
  for (const flag of flags) {
    const matched = flag.conditions.find((c) => matchCondition(c, subject));
    if (matched && flag.except?.some((c) => matchCondition(c, subject))) continue;
    if (matched) return { action, decider: flag.isSwitch ? flag.name : `${flag.name} ${matched.text}` };
  }
  return undefined;
}

function firstRule(subject: MatchSubject, rules: readonly Rule[]): Verdict | undefined {
  const rule = rules.find((r) => r.when.every((c) => matchCondition(c, subject)));
  return rule ? { action: rule.action, decider: rule.name } : undefined;
}

// What the retry flags retry and what else decides, for `xrun config`: "busy, preempted, 2" or "nothing".
export function decidersText({ stopOn, rules, retryOn }: Deciders): string {
  const words = (flags: readonly FlagConditions[]) =>
    flags
      .map((f) => f.summary ?? f.conditions.map((c) => (c.kind === 'output' ? `output ${c.text}` : c.text)).join(', '))
      .join(', ');
  const retried = words(retryOn) || 'nothing';
  const stopped = stopOn.length > 0 ? `; never ${words(stopOn)}` : '';
  const ruled = rules.length > 0 ? `; ${rules.length} rule${rules.length === 1 ? '' : 's'} decide first` : '';
  return `${retried}${stopped}${ruled}`;
}

// Every output pattern the deciders hold, in order: what the run compiles and reads the output for.
export function outputConditions({ stopOn, rules, retryOn }: Deciders): Extract<Condition, { kind: 'output' }>[] {
  const all = [
    ...stopOn.flatMap((f) => f.conditions),
    ...rules.flatMap((r) => r.when),
    ...retryOn.flatMap((f) => f.conditions),
  ];
  return all.filter((c): c is Extract<Condition, { kind: 'output' }> => c.kind === 'output');
}

// The output patterns of the retry and stop flags, for `xrun explain` (a rule's are in its rule).
export function outputFlagPatterns({ stopOn, retryOn }: Deciders): { retry: string[]; stop: string[] } {
  const patterns = (flags: readonly FlagConditions[]) =>
    flags.flatMap((f) => f.conditions.flatMap((c) => (c.kind === 'output' ? [c.pattern] : [])));
  return { retry: patterns(retryOn), stop: patterns(stopOn) };
}
