import { describe, expect, it } from 'vitest';
import { categoriesMarkdown, codesMarkdown, modelJson } from '../../../src/model/codes-table.js';
import type { ToolModel } from '../../../src/model/tools/index.js';

// A small model with each kind of row: codes (one standing for a signal), message rules with and
// without codes, the 128+N reading and the family of other codes.
const model: ToolModel = {
  tool: 'generic',
  title: 'Test',
  codes: [
    { code: 0, name: 'Ok', category: 'success', meaning: 'fine', source: 's0' },
    { code: 3, name: 'Bad', category: 'user', meaning: 'bad input', source: 's3' },
    { code: 141, name: 'Interrupted', category: 'signal', meaning: 'ctrl-c', source: 's141', signal: 'SIGINT' },
  ],
  rules: [
    { id: 'r1', pattern: /a|b/, codes: [1, 2], name: 'R', category: 'connect', meaning: 'm1', source: 'sr' },
    { id: 'r2', pattern: /x/i, name: 'X', category: 'oom', meaning: 'm2', source: 'sx' },
  ],
  otherCodes: { name: 'Other', category: 'failure', meaning: 'anything else', source: 'so' },
  signalCodes: 'sig-src',
};
const { signalCodes: _, ...withoutSignalCodes } = model;
const bare: ToolModel = { ...withoutSignalCodes, codes: model.codes.slice(0, 1), rules: [] };

describe('codesMarkdown', () => {
  it('the codes with their normalized code, the 128+N row, the other codes, then the message rules', () => {
    expect(codesMarkdown(model).split('\n')).toEqual([
      '| code | name | category | normalized | meaning | source |',
      '| --- | --- | --- | --- | --- | --- |',
      '| 0 | Ok | success | 0 | fine | s0 |',
      '| 3 | Bad | user | 3 | bad input | s3 |',
      // a code standing for a signal is normalized to 128 + that signal's number
      '| 141 | Interrupted | signal | 130 | ctrl-c | s141 |',
      '| 129-192 otherwise | SIG<N> | signal | 128+N | exited 128+N: the signal N | sig-src |',
      '| any other | Other | failure | 1 | anything else | so |',
      '',
      '| message rule | exit codes | name | category | stderr pattern | source |',
      '| --- | --- | --- | --- | --- | --- |',
      // a pattern's | is escaped for the table
      '| r1 | 1, 2 | R | connect | `a\\|b` | sr |',
      '| r2 | any non-zero | X | oom | `x` | sx |',
    ]);
  });

  it('no 128+N row where those codes mean something else, no rule table without rules', () => {
    expect(codesMarkdown(bare)).toBe(
      [
        '| code | name | category | normalized | meaning | source |',
        '| --- | --- | --- | --- | --- | --- |',
        '| 0 | Ok | success | 0 | fine | s0 |',
        '| any other | Other | failure | 1 | anything else | so |',
      ].join('\n'),
    );
  });
});

describe('categoriesMarkdown', () => {
  it('every category with its normalized code and meaning', () => {
    const lines = categoriesMarkdown().split('\n');
    expect(lines.slice(0, 2)).toEqual(['| category | normalized | meaning |', '| --- | --- | --- |']);
    expect(lines).toHaveLength(2 + 15);
    expect(lines).toContain('| busy | 4 | daemon busy with another command |');
    expect(lines).toContain('| rate-limit | 2 | registry rate limit (HTTP 429) |');
    expect(lines.at(-1)).toBe('| signal | 128+N | killed by a signal (normalized 128+N) |');
  });
});

describe('modelJson', () => {
  it('the categories and the chosen tools; patterns as source and flags, absent codes as null', () => {
    const json = modelJson(['bazel']) as {
      categories: unknown[];
      tools: Record<string, { rules: unknown[]; signalCodes: unknown }>;
    };
    expect(json.categories).toHaveLength(15);
    expect(json.categories[0]).toEqual({ category: 'success', normalized: 0, meaning: 'the command succeeded' });
    expect(json.categories.at(-1)).toEqual({
      category: 'signal',
      normalized: '128+N',
      meaning: 'killed by a signal (normalized 128+N)',
    });
    expect(Object.keys(json.tools)).toEqual(['bazel']);
    expect(json.tools['bazel']!.rules).toEqual([]);
    const buck2 = (modelJson(['buck2']) as { tools: { buck2: { rules: Record<string, unknown>[] } } }).tools.buck2;
    expect(buck2.rules.find((r) => r['id'] === 'buck2-oom')).toEqual({
      id: 'buck2-oom',
      pattern: 'Buck2 daemon was killed by an OOM killer',
      flags: '',
      codes: null,
      name: 'FatalOom',
      category: 'oom',
      meaning: 'daemon killed by the OOM killer',
      source: 'facebook/buck2 app/buck2_client_ctx/src/events_ctx.rs',
    });
    expect(buck2.rules.find((r) => r['id'] === 'buck2-connect')).toMatchObject({
      pattern: 'Failed to connect to buck daemon\\.',
      codes: [1, 2, 11],
    });
  });

  it('is JSON as it is: nothing is lost in JSON.stringify', () => {
    const json = modelJson(['buck2', 'docker', 'podman', 'bazel', 'generic']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    const tools = (json as { tools: Record<string, { tool: string; signalCodes: unknown }> }).tools;
    expect(Object.keys(tools)).toEqual(['buck2', 'docker', 'podman', 'bazel', 'generic']);
    // buck2's 129-192 are not 128+N (its own codes, and the test runner's passed through)
    expect(tools['buck2']!.signalCodes).toBeNull();
    expect(tools['docker']!.signalCodes).toBe(
      'docker/cli cmd/docker/docker.go getExitCode() (128+signal); a container killed by signal N',
    );
  });
});
