import { isCategory } from '../model/categories.js';
import {
  type Condition,
  type Parsed,
  parseCondition,
  parseOutputPattern,
  parseSignalWord,
} from '../model/conditions.js';
import type { Action, Rule } from '../model/rules.js';
import { expectObjectAt, isObject } from './config.js';
import { MAX_CONFIG_DEPTH, nestedDeeperThan, parseJsonText } from './json-text.js';
import { UsageError } from './usage-error.js';

// Each `when` key's parser: a JSON value (from `where`) to the condition it stands for, or a problem.
const WHEN_KEYS: Readonly<Record<string, (value: unknown, where: string) => Parsed<Condition>>> = {
  code: (value) => {
    const parsed = typeof value === 'number' || typeof value === 'string' ? parseCondition(String(value)) : undefined;
    if (parsed && !parsed.ok) return parsed;
    if (parsed?.value.kind === 'codes') return parsed;
    return { ok: false, problem: `expected an exit code (3) or a range ("1-5"), got ${JSON.stringify(value)}` };
  },
  category: (value) =>
    typeof value === 'string' && isCategory(value)
      ? { ok: true, value: { kind: 'category', category: value, text: value } }
      : { ok: false, problem: `unknown category ${JSON.stringify(value)}` },
  signal: (value) =>
    typeof value === 'string'
      ? parseSignalWord(value)
      : { ok: false, problem: `expected a signal name such as "KILL", got ${JSON.stringify(value)}` },
  timeout: (value) =>
    value === true
      ? { ok: true, value: { kind: 'category', category: 'timeout', text: 'timeout' } }
      : { ok: false, problem: `expected true, got ${JSON.stringify(value)}` },
  output: (value, where) =>
    typeof value === 'string'
      ? parseOutputPattern(value, where)
      : { ok: false, problem: `expected a regex string, got ${JSON.stringify(value)}` },
};

// Parses the rules' JSON text (a config file's "rules" array, --rules, XRUN_RULES); `where` is its
// origin, and a problem names the exact key: `xrun.config.json: rules[1].when.code`.
export function parseRules(where: string, text: string): Rule[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // where the JSON breaks, not the text itself: it may hold a secret, or span lines
    const { error } = parseJsonText(text) as { error: string };
    throw new UsageError(
      `${where}: expected a JSON array of rules, not valid JSON ${error.replace('the file', 'the text')}`,
    );
  }
  // bounded as config files are: the checks below quote values, which recursion could not do at any depth
  if (nestedDeeperThan(json, MAX_CONFIG_DEPTH))
    throw new UsageError(`${where}: nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  if (!Array.isArray(json)) throw new UsageError(`${where}: expected a JSON array of rules, got ${jsonKind(json)}`);
  // "rule 2 of xrun.config.json" for the top-level key, the full origin anywhere else
  const owner = where.endsWith(': rules') ? where.slice(0, -': rules'.length) : where;
  return json.map((item: unknown, i) => ({ name: `rule ${i + 1} of ${owner}`, ...parseRule(`${where}[${i}]`, item) }));
}

// "an object", "a string": what a JSON value is, without its content
function jsonKind(json: unknown): string {
  if (json === null) return 'null';
  if (typeof json === 'object') return 'an object';
  return typeof json === 'number' ? 'a number' : typeof json === 'string' ? 'a string' : 'a boolean';
}

function parseRule(where: string, json: unknown): Omit<Rule, 'name'> {
  const rule = expectObjectAt(json, where);
  for (const key of Object.keys(rule)) {
    if (key !== 'when' && key !== 'then') throw new UsageError(`${where}.${key}: unknown key (expected when, then)`);
  }
  if (!Object.hasOwn(rule, 'when') || !Object.hasOwn(rule, 'then'))
    throw new UsageError(`${where}: a rule needs both "when" and "then"`);
  return { when: parseWhen(`${where}.when`, rule['when']), action: parseThen(`${where}.then`, rule['then']) };
}

function parseWhen(where: string, json: unknown): Condition[] {
  const entries = Object.entries(expectObjectAt(json, where));
  if (entries.length === 0)
    throw new UsageError(`${where}: expected at least one condition (${Object.keys(WHEN_KEYS).join(', ')})`);
  return entries.map(([key, value]) => {
    const parse = Object.hasOwn(WHEN_KEYS, key) ? WHEN_KEYS[key] : undefined;
    if (!parse) throw new UsageError(`${where}.${key}: unknown key (expected ${Object.keys(WHEN_KEYS).join(', ')})`);
    const parsed = parse(value, `${where}.${key}`);
    if (!parsed.ok) throw new UsageError(`${where}.${key}: ${parsed.problem}`);
    return parsed.value;
  });
}

function parseThen(where: string, json: unknown): Action {
  if (json === 'retry' || json === 'stop') return json;
  if (isObject(json) && Object.keys(json).length === 1 && Object.hasOwn(json, 'map')) {
    const code = json['map'];
    if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code <= 255) return { map: code };
    throw new UsageError(`${where}.map: expected an exit code 0-255, got ${JSON.stringify(code)}`);
  }
  throw new UsageError(`${where}: expected "retry", "stop" or {"map": N}, got ${JSON.stringify(json)}`);
}
