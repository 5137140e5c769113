import { type Classification, classifyOutcome, refinedModel, refinementFor } from './classify.js';
import { formatDuration } from './duration.js';
import { OOM_EVIDENCE_NOTE } from './oom.js';
import { type Outcome, signalNumber } from './outcome.js';
import { decideRetry, type RetryDecision, type RetryPolicy } from './policy.js';
import { releasesNote } from './releases.js';
import { BUCK2_TIERS_NOTE } from './structured/buck2-build-report.js';
import { models, type ToolName } from './tools/index.js';

// What one tool's model and policy make of an exit code or a signal death.
export interface Explanation {
  tool: ToolName;
  // "exit 4" or "death by signal 9"
  subject: string;
  classification: Classification;
  // message rules that take precedence for this code when the stderr matches
  rules: { id: string; category: string }[];
  decision: RetryDecision;
  policy: RetryPolicy;
  // --retry-on-output / --stop-on-output patterns, which decide on the output before the code does
  output?: { retry: readonly string[]; stop: readonly string[] };
  // the subcommand given (`bazel query` -> ['query']); empty when explained for the tool as a whole
  subcommand: readonly string[];
  // options the code needs (buck2 4 needs --exit-when): a retry of it is inert without them
  onlyWith?: string;
  // without a subcommand: the subcommands that read this code otherwise
  elsewhere: { via: string; name: string; category: string }[];
  // what a run looks at before it trusts the code (a container's 137: OOM killer or not)
  evidence?: string;
  // a code whose meaning depends on the tool's release: each meaning and its releases
  releases?: string;
}

// Explains exit code `code` (a number) or a death by `signal` (SIGKILL) in `tool`'s model under `policy`,
// as the `subcommand` words (after the tool's global options) read it. Pure.
export function explain(
  tool: ToolName,
  subject: number | NodeJS.Signals,
  policy: RetryPolicy,
  output?: Explanation['output'],
  subcommand: readonly string[] = [],
): Explanation {
  const base = models[tool];
  const refinement = refinementFor(base, subcommand);
  const model = refinement ? refinedModel(base, refinement) : base;
  const outcome: Outcome =
    typeof subject === 'number' ? { kind: 'exited', code: subject } : { kind: 'signaled', signal: subject };
  const classification = classifyOutcome(base, outcome, '', subcommand);
  const rules =
    typeof subject === 'number' && subject !== 0
      ? model.rules
          .filter((r) => r.codes === undefined || r.codes.includes(subject))
          .map((r) => ({ id: r.id, category: r.category }))
      : [];
  const entry = typeof subject === 'number' ? model.codes.find((e) => e.code === subject) : undefined;
  return {
    subcommand,
    ...(entry?.onlyWith ? { onlyWith: `${entry.onlyWith.shown}; without it ${entry.onlyWith.otherwise}` } : {}),
    elsewhere:
      typeof subject === 'number' && subject !== 0 && subcommand.length === 0
        ? readingsElsewhere(tool, subject, classification)
        : [],
    ...(containerSigkill(tool, subject, classification) ? { evidence: OOM_EVIDENCE_NOTE } : {}),
    ...(tool === 'buck2' && subject === 2 && classification.name === 'InfraError'
      ? { evidence: BUCK2_TIERS_NOTE }
      : {}),
    ...releasesOf(tool, subject, classification),
    tool,
    subject: typeof subject === 'number' ? `exit ${subject}` : `death by signal ${signalNumber(subject) ?? '?'}`,
    classification,
    rules,
    decision: decideRetry(outcome, classification, 1, policy),
    policy,
    ...(output ? { output } : {}),
  };
}

// A container's 137 read as SIGKILL: a run confirms OOM before calling it so (model/oom.ts).
function containerSigkill(tool: ToolName, subject: number | NodeJS.Signals, c: Classification): boolean {
  return (tool === 'docker' || tool === 'podman') && subject === 137 && c.signal === 'SIGKILL';
}

// The releases line of a code the tool's own model reads (not a subcommand's passthrough).
function releasesOf(tool: ToolName, subject: number | NodeJS.Signals, c: Classification): { releases?: string } {
  const note = typeof subject === 'number' && c.via === undefined ? releasesNote(tool, subject) : undefined;
  return note === undefined ? {} : { releases: note };
}

// How the tool's refinements read `code` where that differs from the tool's own reading.
function readingsElsewhere(tool: ToolName, code: number, own: Classification): Explanation['elsewhere'] {
  const base = models[tool];
  return (base.refinements ?? []).flatMap((r) => {
    const c = classifyOutcome(base, { kind: 'exited', code }, '', r.subcommands[0]!.split(' '));
    return c.name === own.name && c.category === own.category
      ? []
      : [{ via: r.via, name: c.name, category: c.category }];
  });
}

// One tool's explanation as text.
export function explainText(e: Explanation): string {
  const c = e.classification;
  const lines = [
    `${c.via ?? e.tool} ${e.subject}: ${c.name}`,
    `  category:     ${c.category}`,
    `  meaning:      ${c.meaning}`,
    `  normalized:   ${c.normalizedCode}`,
    `  source:       ${c.source}`,
  ];
  if (e.onlyWith) lines.push(`  only with:    ${e.onlyWith}`);
  if (e.evidence) lines.push(`  evidence:     ${e.evidence}`);
  if (e.releases) lines.push(`  releases:     ${e.releases}`);
  if (e.elsewhere.length > 0) lines.push(`  subcommands:  ${elsewhereText(e.elsewhere)}`);
  if (e.rules.length > 0)
    lines.push(
      `  stderr rules: ${e.rules.map((r) => `${r.id} (${r.category})`).join(', ')} decide first when the message matches`,
    );
  lines.push(`  policy:       ${policyText(e)}`);
  if (e.output) lines.push(`  output rules: ${outputText(e.output)}`);
  return `${lines.join('\n')}\n`;
}

// `docker exec, docker compose run: ProgramExit (failure); docker build: PluginExit (failure)`
function elsewhereText(elsewhere: Explanation['elsewhere']): string {
  const groups = new Map<string, string[]>();
  for (const r of elsewhere) {
    const reading = `${r.name} (${r.category})`;
    groups.set(reading, [...(groups.get(reading) ?? []), r.via]);
  }
  return [...groups].map(([reading, vias]) => `${vias.join(', ')}: ${reading}`).join('; ');
}

// What the output patterns do to this exit, which the report names when one decides.
function outputText({ retry, stop }: NonNullable<Explanation['output']>): string {
  const list = (patterns: readonly string[]) => patterns.map((p) => JSON.stringify(p)).join(', ');
  const parts = [
    ...(stop.length > 0 ? [`never retried when stdout or stderr matches ${list(stop)}`] : []),
    ...(retry.length > 0
      ? [`${stop.length > 0 ? 'else ' : ''}a failure is retried when stdout or stderr matches ${list(retry)}`]
      : []),
  ];
  return parts.join('; ');
}

function policyText(e: Explanation): string {
  if (!e.decision.retry)
    return `${e.decision.mapTo === undefined ? 'not retried' : `exits ${e.decision.mapTo}`}: ${e.decision.reason}`;
  const { attempts, backoff } = e.policy;
  return `retried: ${e.decision.reason}; ${attempts} attempts, first delay at least ${formatDuration(backoff.baseDelayMs)}`;
}

// Several tools' explanations side by side, one row per tool.
export function explainTable(explanations: readonly Explanation[]): string {
  const header = ['tool', 'name', 'category', 'normalized', 'policy', 'meaning'];
  const rows = explanations.map((e) => {
    const c = e.classification;
    // the column names the flag or rule that decided; the full reason is in explainText
    const why =
      e.decision.decider ??
      (!e.decision.retry && e.decision.stop === 'interrupted' ? 'an interrupt, never retried' : e.decision.reason);
    const policy = e.decision.retry
      ? `retried (${why})`
      : e.decision.stop === 'not-retryable'
        ? 'not retried'
        : `not retried (${why})`;
    return [e.tool, c.name, c.category, String(c.normalizedCode), policy, c.meaning];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  const subject = explanations[0]?.subject ?? '';
  return `${subject} in every model:\n${[header, ...rows].map(format).join('\n')}\n`;
}
