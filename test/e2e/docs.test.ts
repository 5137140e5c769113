// Every shell example of README.md and docs/*.md runs here, with the built bin/xrun first on PATH and
// the fixtures (the buck2 simulator) after it, each block in a temporary directory (also its HOME and
// TMPDIR) removed afterwards. The conventions, for whoever writes an example:
//   ```console   `$ command` lines, each followed by its expected output (stdout and stderr as one
//                stream, as a terminal shows them), compared exactly, line by line, except that `[..]`
//                in a line matches any text within that line (a drawn wait, a duration) and a line that
//                is `...` alone matches any number of lines. A command ending in `\` goes on on the next
//                line. The commands of a block run one after another in one bash, so `echo $?` shows
//                the exit status of the command before it, and `cd` and variables carry over.
//   ```sh, ```bash  a script: run whole with `set -e`; it must exit 0 (its output is not compared).
//   <!-- env: NAME=value ... -->  (just before a block) variables the block runs with, unseen by the
//                reader: the simulator's script (BUCK2_SIM=4,4,0), a docker host that is not there.
//   <!-- not run: REASON -->  (just before a block) the block cannot run here (a real buck2, GitHub);
//                such blocks are counted below, so adding one shows in review.
// A block with `$ ` prompts in any other fence fails: shell examples are marked as such.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_BIN, plainEnv, XRUN_BIN } from '../helpers/xrun.js';

// the blocks marked `<!-- not run: ... -->` in README.md and docs/*.md
const NOT_RUN = 4;

const ROOT = new URL('../../', import.meta.url);
const PAGES = [
  'README.md',
  ...readdirSync(new URL('docs/', ROOT))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const SHELL_FENCES = new Set(['console', 'sh', 'bash']);

interface Example {
  page: string;
  line: number;
  lang: string;
  body: string;
  env: Record<string, string>;
  notRun: string | undefined;
}

// The fenced blocks of a page with the directives just before each; throws on a stray directive or
// an unmarked shell example.
function examplesOf(page: string, text: string): Example[] {
  const lines = text.split('\n');
  const found: Example[] = [];
  let directives: { line: number; kind: string; value: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const directive = /^<!-- (not run|env): (.+) -->$/.exec(lines[i]!);
    if (directive) {
      directives.push({ line: i + 1, kind: directive[1]!, value: directive[2]! });
      continue;
    }
    const fence = /^```(\w*)$/.exec(lines[i]!);
    if (!fence) {
      if (lines[i]!.trim() !== '' && directives.length > 0)
        throw new Error(`${page}:${directives[0]!.line}: a directive not followed by a shell block`);
      continue;
    }
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${page}:${i + 1}: a code block that never ends`);
    const body = lines.slice(i + 1, end).join('\n');
    const lang = fence[1]!;
    if (SHELL_FENCES.has(lang)) {
      const env = Object.fromEntries(
        directives
          .filter((d) => d.kind === 'env')
          .flatMap((d) =>
            d.value.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
          ),
      );
      found.push({ page, line: i + 1, lang, body, env, notRun: directives.find((d) => d.kind === 'not run')?.value });
    } else {
      if (directives.length > 0)
        throw new Error(`${page}:${directives[0]!.line}: a directive before a \`\`\`${lang} block, which is not run`);
      if (/^\$ /m.test(body))
        throw new Error(`${page}:${i + 1}: a block with \`$ \` prompts must be fenced as \`\`\`console`);
    }
    directives = [];
    i = end;
  }
  return found;
}

interface Step {
  command: string;
  expected: string[];
}

// A console block's commands, each with the lines of output that follow it.
function stepsOf(body: string): Step[] {
  const steps: Step[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('$ ')) {
      let command = line.slice(2);
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
      steps.push({ command, expected: [] });
    } else if (steps.length === 0) throw new Error(`output before the first \`$ \` command: ${line}`);
    else steps.at(-1)!.expected.push(line);
  }
  return steps;
}

// The expected lines as one regex over the output: `[..]` any text in a line, `...` any lines.
function outputPattern(expected: readonly string[]): RegExp {
  const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = expected
    .map((line) => (line === '...' ? '(?:[^\\n]*\\n)*?' : `${line.split('[..]').map(escaped).join('[^\\n]*?')}\\n`))
    .join('');
  return new RegExp(`^${source}$`);
}

const MARK = '@@xrun-docs-step@@';

// Runs a block in a fresh directory (its cwd, HOME and TMPDIR), removed afterwards.
function run(example: Example, script: string) {
  const root = mkdtempSync(join(tmpdir(), 'xrun-docs-'));
  const home = join(root, 'home');
  mkdirSync(join(root, 'tmp'));
  mkdirSync(home);
  const env = plainEnv();
  rmSync(env.TMPDIR!, { recursive: true, force: true });
  try {
    return spawnSync('bash', ['-c', script], {
      cwd: home,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 50_000,
      env: {
        ...env,
        HOME: home,
        TMPDIR: join(root, 'tmp'),
        PATH: `${dirname(XRUN_BIN)}:${FIXTURES_BIN}:${process.env.PATH}`,
        BUCK2_SIM_STATE: join(root, 'buck2-sim-count'),
        ...example.env,
      },
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function runConsole(example: Example): void {
  const steps = stepsOf(example.body);
  expect(steps.length).toBeGreaterThan(0);
  const script = ['exec 2>&1', ...steps.flatMap((s) => [`printf '\\n%s\\n' '${MARK}'`, s.command])].join('\n');
  const result = run(example, script);
  const outputs = result.stdout.split(`\n${MARK}\n`).slice(1);
  expect(outputs.length).toBe(steps.length);
  steps.forEach((step, k) => {
    const output = outputs[k]!;
    const actual = output === '' || output.endsWith('\n') ? output : `${output}\n`;
    const wanted = step.expected.join('\n');
    if (!outputPattern(step.expected).test(actual))
      expect.fail(
        `${example.page}:${example.line}: \`${step.command}\` printed\n${actual}\nbut the page shows\n${wanted}`,
      );
  });
}

function runScript(example: Example): void {
  const result = run(example, `set -e\n${example.body}`);
  expect(
    result.status,
    `${example.page}:${example.line} exited ${result.status}:\n${result.stdout}${result.stderr}`,
  ).toBe(0);
}

const all = PAGES.flatMap((page) => examplesOf(page, readFileSync(new URL(page, ROOT), 'utf8')));

describe.each(PAGES)('%s', (page) => {
  const mine = all.filter((e) => e.page === page);
  if (mine.length === 0) it.skip('has no shell example', () => {});
  for (const example of mine) {
    const name = `line ${example.line} (\`\`\`${example.lang})`;
    if (example.notRun) it.skip(`${name}: not run: ${example.notRun}`, () => {});
    else it(name, () => (example.lang === 'console' ? runConsole(example) : runScript(example)));
  }
});

it('counts the blocks not run', () => {
  expect(all.filter((e) => e.notRun).length).toBe(NOT_RUN);
  expect(all.filter((e) => !e.notRun).length).toBeGreaterThan(0);
});

describe('the conventions', () => {
  it('reads steps, continuation lines and expected output', () => {
    expect(stepsOf('$ a \\\nb\nout\n$ c')).toEqual([
      { command: 'a \\\nb', expected: ['out'] },
      { command: 'c', expected: [] },
    ]);
    expect(() => stepsOf('out\n$ a')).toThrow('output before the first `$ ` command: out');
  });

  it.each<[string[], string, boolean]>([
    [['a [..] c'], 'a b c\n', true],
    [['a [..] c'], 'a b\nc\n', false],
    [['a', '...', 'z'], 'a\nz\n', true],
    [['a', '...', 'z'], 'a\nb\nc\nz\n', true],
    [['a'], 'a\nb\n', false],
    [[], '', true],
    [['x.y'], 'xzy\n', false],
  ])('%j against %j: %s', (expected, output, matches) => {
    expect(outputPattern(expected).test(output)).toBe(matches);
  });

  it('takes directives just before a block, and refuses stray ones and unmarked prompts', () => {
    const text = '<!-- env: A=1 B=x=y -->\n<!-- not run: why -->\n```sh\ntrue\n```\n';
    expect(examplesOf('p', text)).toEqual([
      { page: 'p', line: 3, lang: 'sh', body: 'true', env: { A: '1', B: 'x=y' }, notRun: 'why' },
    ]);
    expect(() => examplesOf('p', '<!-- not run: why -->\ntext\n```sh\ntrue\n```\n')).toThrow(
      'p:1: a directive not followed by a shell block',
    );
    expect(() => examplesOf('p', '<!-- not run: why -->\n```json\n{}\n```\n')).toThrow(
      'p:1: a directive before a ```json block',
    );
    expect(() => examplesOf('p', '```\n$ xrun\n```\n')).toThrow(
      'p:1: a block with `$ ` prompts must be fenced as ```console',
    );
  });
});
