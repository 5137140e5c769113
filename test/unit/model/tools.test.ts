import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/model/categories.js';
import { classifyExitCode } from '../../../src/model/classify.js';
import { models, TOOL_NAMES, type ToolName } from '../../../src/model/tools/index.js';

interface ToolFacts {
  // `| code | Name | ...` rows: the tool's exit codes and their names
  codes: [number, string][];
  // `| exit codes | `message` | ...` rows: a message as the tool prints it, and the codes it comes with
  messages: { codes: number[]; text: string }[];
}

// docs/exit-codes.md, one entry per `## <model title>` section.
function readExitCodeFacts(): Map<string, ToolFacts> {
  const doc = readFileSync(new URL('../../../docs/exit-codes.md', import.meta.url), 'utf8');
  const facts = new Map<string, ToolFacts>();
  for (const section of doc.split(/^## /m).slice(1)) {
    const codes = [...section.matchAll(/^\| (\d+) \| (\w+) \|/gm)].map((m): [number, string] => [Number(m[1]), m[2]!]);
    const messages = [...section.matchAll(/^\| (\d+(?:, \d+)*) \| (`.*?) \| /gm)].map((m) => ({
      codes: m[1]!.split(', ').map(Number),
      // one or more code spans; ``double`` ones hold a message with backticks inside
      text: [...m[2]!.matchAll(/`` (.+?) ``|`([^`]+)`/g)].map((span) => span[1] ?? span[2]).join('\n'),
    }));
    facts.set(section.slice(0, section.indexOf('\n')).trim(), { codes, messages });
  }
  return facts;
}

// Every code of docs/exit-codes.md and the passthrough families, with the category and normalized code xrun gives it.
const buck2Rows: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [1, 'UnknownFailure', 'failure', 1],
  [2, 'InfraError', 'infra', 2],
  [3, 'UserError', 'user', 3],
  [4, 'DaemonIsBusy', 'busy', 4],
  [5, 'DaemonPreempted', 'preempted', 5],
  [6, 'Timeout', 'timeout', 6],
  [11, 'ConnectError', 'connect', 11],
  [12, 'FatalOom', 'oom', 12],
  [32, 'TestError', 'test-failure', 32],
  [64, 'TestNothing', 'no-tests', 64],
  [130, 'ClientIoBrokenPipe', 'signal', 141],
  [141, 'SignalInterrupt', 'signal', 130],
  [42, 'UnknownExit', 'failure', 1],
  [43, 'UnknownExit', 'failure', 1],
  [7, 'UnknownExit', 'failure', 1],
  [137, 'UnknownExit', 'failure', 1],
];

const dockerRows: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [1, 'GenericError', 'failure', 1],
  [125, 'DockerError', 'infra', 2],
  [126, 'CannotInvoke', 'user', 3],
  [127, 'NotFound', 'user', 3],
  [3, 'ContainerExit', 'failure', 1],
  [2, 'ContainerExit', 'failure', 1],
  [137, 'SIGKILL', 'signal', 137],
  [143, 'SIGTERM', 'signal', 143],
  [130, 'SIGINT', 'signal', 130],
];

// the normalization issue 4 asks for: 1/2 user, 3 -> 32, 4 -> 64, 8 -> 130, 9 busy, 33 oom, infra and network 2
const bazelRows: [number, string, string, number][] = [
  [0, 'SUCCESS', 'success', 0],
  [1, 'BUILD_FAILURE', 'user', 3],
  [2, 'COMMAND_LINE_ERROR', 'user', 3],
  [3, 'TESTS_FAILED', 'test-failure', 32],
  [4, 'NO_TESTS_FOUND', 'no-tests', 64],
  [8, 'INTERRUPTED', 'signal', 130],
  [9, 'LOCK_HELD_NOBLOCK_FOR_LOCK', 'busy', 4],
  [32, 'REMOTE_ENVIRONMENTAL_ERROR', 'infra', 2],
  [33, 'OOM_ERROR', 'oom', 12],
  [34, 'REMOTE_ERROR', 'infra', 2],
  [36, 'LOCAL_ENVIRONMENTAL_ERROR', 'infra', 2],
  [37, 'BLAZE_INTERNAL_ERROR', 'daemon-died', 2],
  [38, 'PUBLISH_ERROR', 'network', 2],
  [39, 'REMOTE_CACHE_EVICTED', 'infra', 2],
  [45, 'PERSISTENT_BUILD_EVENT_SERVICE_UPLOAD_ERROR', 'infra', 2],
  [5, 'UnknownExit', 'failure', 1],
];

const podmanRows: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [125, 'ExecErrorCodeGeneric', 'infra', 2],
  [126, 'ExecErrorCodeCannotInvoke', 'user', 3],
  [127, 'ExecErrorCodeNotFound', 'user', 3],
  [1, 'ContainerExit', 'failure', 1],
  [3, 'ContainerExit', 'failure', 1],
  [137, 'SIGKILL', 'signal', 137],
];

const genericRows: [number, string, string, number][] = [
  [0, 'Success', 'success', 0],
  [1, 'Failure', 'failure', 1],
  [2, 'Failure', 'failure', 1],
  [126, 'CannotExecute', 'user', 3],
  [127, 'NotFound', 'user', 3],
  [130, 'SIGINT', 'signal', 130],
  [137, 'SIGKILL', 'signal', 137],
  [128, 'Failure', 'failure', 1],
  [255, 'Failure', 'failure', 1],
];

describe('exit-code models', () => {
  const tables: [keyof typeof models, [number, string, string, number][]][] = [
    ['buck2', buck2Rows],
    ['docker', dockerRows],
    ['bazel', bazelRows],
    ['podman', podmanRows],
    ['generic', genericRows],
  ];
  for (const [tool, rows] of tables) {
    it.each(rows)(`${tool} %i is %s (%s, normalized %i)`, (code, name, category, normalized) => {
      expect(classifyExitCode(models[tool], code)).toMatchObject({
        name,
        category,
        normalizedCode: normalized,
        rawCode: code,
      });
    });
  }

  it('every entry has a code, name, category, one-line meaning and source', () => {
    for (const tool of TOOL_NAMES) {
      const model = models[tool];
      for (const entry of [...model.codes, ...model.rules, model.otherCodes]) {
        expect(entry.name, tool).toMatch(/^\S+$/);
        expect(CATEGORIES, `${tool} ${entry.name}`).toContain(entry.category);
        expect(entry.meaning, `${tool} ${entry.name}`).toMatch(/^[^\n]{5,90}$/);
        expect(entry.source.length, `${tool} ${entry.name}`).toBeGreaterThan(5);
      }
      const codes = model.codes.map((e) => e.code);
      expect(new Set(codes).size, `${tool} has no duplicate codes`).toBe(codes.length);
    }
  });

  // docs/exit-codes.md states the tools' codes and messages from their sources; the models must agree with it.
  const facts = readExitCodeFacts();

  it.each(TOOL_NAMES)('%s: the code table is the one docs/exit-codes.md documents, names included', (tool) => {
    const documented = facts.get(models[tool].title)!.codes;
    expect(documented.length, `${tool} has a code table in docs/exit-codes.md`).toBeGreaterThanOrEqual(3);
    const modelled = models[tool].codes.map((e): [number, string] => [e.code, e.name]);
    expect(modelled).toEqual(documented);
  });

  const messageRows = TOOL_NAMES.flatMap((tool) =>
    facts.get(models[tool].title)!.messages.map((m) => ({ tool, ...m })),
  );
  it.each(messageRows.map((m): [ToolName, string, number[]] => [m.tool, m.text, m.codes]))(
    '%s: a message rule reads %j at exit %j',
    (tool, text, codes) => {
      for (const code of codes) expect(classifyExitCode(models[tool], code, text).ruleId, `exit ${code}`).toBeDefined();
    },
  );

  it.each(['buck2', 'docker'] as const)('%s: every message rule decides at least one documented message', (tool) => {
    const deciding = new Set(
      messageRows
        .filter((m) => m.tool === tool)
        .flatMap((m) => m.codes.map((code) => classifyExitCode(models[tool], code, m.text).ruleId)),
    );
    expect(models[tool].rules.map((r) => r.id).filter((id) => !deciding.has(id))).toEqual([]);
  });
});
