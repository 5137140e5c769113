import { CATEGORIES, CATEGORY_MEANINGS } from './categories.js';
import { classifyExitCode, normalizedCodeOf, refinedModel } from './classify.js';
import { models, type Refinement, type ToolModel, type ToolName } from './tools/index.js';

// Markdown tables of a tool's model: the codes, what other codes mean, and the message rules.
// docs/models.md embeds exactly these (test/unit/readme.test.ts), so the docs are the model.
export function codesMarkdown(model: ToolModel): string {
  const rows = model.codes.map((e) => {
    const c = classifyExitCode({ ...model, rules: [] }, e.code);
    return `| ${e.code} | ${e.name} | ${e.category} | ${c.normalizedCode} | ${e.meaning} | ${e.source} |`;
  });
  if (model.signalCodes)
    rows.push(`| 129-192 otherwise | SIG<N> | signal | 128+N | exited 128+N: the signal N | ${model.signalCodes} |`);
  const other = model.otherCodes;
  rows.push(
    `| any other | ${other.name} | ${other.category} | ${normalizedCodeOf(other.category)} | ${other.meaning} | ${other.source} |`,
  );
  const lines = [
    `| code | name | category | normalized | meaning | source |`,
    `| --- | --- | --- | --- | --- | --- |`,
    ...rows,
  ];
  if (model.rules.length > 0) {
    lines.push(
      '',
      `| message rule | exit codes | name | category | stderr pattern | source |`,
      `| --- | --- | --- | --- | --- | --- |`,
    );
    for (const r of model.rules) {
      const pattern = r.pattern.source.replaceAll('|', '\\|');
      lines.push(
        `| ${r.id} | ${r.codes?.join(', ') ?? 'any non-zero'} | ${r.name} | ${r.category} | \`${pattern}\` | ${r.source} |`,
      );
    }
  }
  if (model.refinements && model.refinements.length > 0) lines.push('', refinementsMarkdown(model, model.refinements));
  return lines.join('\n');
}

// The subcommands' readings: each refinement's own rows, what its other codes mean, and whose rules apply.
function refinementsMarkdown(model: ToolModel, refinements: readonly Refinement[]): string {
  const rows = refinements.flatMap((r) => {
    const refined = refinedModel(model, r);
    const subcommands = r.subcommands.map((s) => `\`${s}\``).join(', ');
    const codeRows = r.codes.map((e) => {
      const c = classifyExitCode({ ...refined, rules: [] }, e.code);
      return `| ${subcommands} | ${e.code} | ${e.name} | ${e.category} | ${c.normalizedCode} | ${e.meaning} | ${e.source} |`;
    });
    const rest = r.table === 'own' ? 'any other' : `other codes: the ${model.tool} table; any other`;
    const other = refined.otherCodes;
    const tail = [
      ...(r.passthrough && refined.signalCodes
        ? [
            `| ${subcommands} | 129-192 otherwise | SIG<N> | signal | 128+N | the program killed by signal N | ${refined.signalCodes} |`,
          ]
        : []),
      `| ${subcommands} | ${rest} | ${other.name} | ${other.category} | ${normalizedCodeOf(other.category)} | ${other.meaning} | ${other.source} |`,
    ];
    return [...codeRows, ...tail];
  });
  const rules = refinements
    .filter((r) => r.rules)
    .map((r) => `\`${r.via}\`: ${r.rules!.map((rule) => rule.id).join(', ') || 'none'}`);
  return [
    `| subcommand | code | name | category | normalized | meaning | source |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    ...rows,
    ...(rules.length > 0
      ? ['', `Message rules there: ${rules.join('; ')}; elsewhere the ${model.tool} rules above.`]
      : []),
  ].join('\n');
}

// The category table: name, normalized code, meaning.
export function categoriesMarkdown(): string {
  const rows = CATEGORIES.map(
    (c) => `| ${c} | ${c === 'signal' ? '128+N' : normalizedCodeOf(c)} | ${CATEGORY_MEANINGS[c]} |`,
  );
  return ['| category | normalized | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

// The model as JSON-ready data: categories and the chosen tools, RegExp patterns as their source strings.
export function modelJson(tools: readonly ToolName[]): unknown {
  return {
    categories: CATEGORIES.map((c) => ({
      category: c,
      normalized: c === 'signal' ? '128+N' : normalizedCodeOf(c),
      meaning: CATEGORY_MEANINGS[c],
    })),
    tools: Object.fromEntries(
      tools.map((tool) => {
        const m = models[tool];
        const rulesJson = (rules: ToolModel['rules']) =>
          rules.map((r) => ({ ...r, pattern: r.pattern.source, flags: r.pattern.flags, codes: r.codes ?? null }));
        const refinements = (m.refinements ?? []).map((r) => ({
          ...r,
          rules: r.rules ? rulesJson(r.rules) : null,
          otherCodes: r.otherCodes ?? null,
          signalCodes: r.signalCodes ?? null,
        }));
        return [
          tool,
          {
            tool,
            title: m.title,
            codes: m.codes,
            rules: rulesJson(m.rules),
            otherCodes: m.otherCodes,
            signalCodes: m.signalCodes ?? null,
            refinements,
          },
        ];
      }),
    ),
  };
}
