import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../src/model/categories.js';
import { classifyExitCode, classifyOutcome, refinedModel, refinementFor } from '../../../src/model/classify.js';
import { models, TOOL_NAMES, type ToolName } from '../../../src/model/tools/index.js';

// [tool, subcommand words, code, name, category, normalized, via]
const rows: [ToolName, string, number, string, string, number, string | undefined][] = [
  // bazel query|cquery|aquery: 3 a partial result, 7 a failed query; the rest is bazel's table
  ['bazel', 'query', 3, 'PARTIAL_ANALYSIS_FAILURE', 'user', 3, 'bazel query'],
  ['bazel', 'cquery', 3, 'PARTIAL_ANALYSIS_FAILURE', 'user', 3, 'bazel query'],
  ['bazel', 'aquery', 7, 'ANALYSIS_FAILURE', 'user', 3, 'bazel query'],
  ['bazel', 'query', 7, 'ANALYSIS_FAILURE', 'user', 3, 'bazel query'],
  ['bazel', 'query', 2, 'COMMAND_LINE_ERROR', 'user', 3, 'bazel query'],
  ['bazel', 'query', 37, 'BLAZE_INTERNAL_ERROR', 'daemon-died', 2, 'bazel query'],
  ['bazel', 'build', 3, 'TESTS_FAILED', 'test-failure', 32, undefined],
  ['bazel', 'test', 37, 'BLAZE_INTERNAL_ERROR', 'daemon-died', 2, undefined],
  // a code bazel's table does not name is no program's outside bazel run
  ['bazel', 'query', 5, 'UnknownExit', 'failure', 1, 'bazel query'],
  ['bazel', 'build', 5, 'UnknownExit', 'failure', 1, undefined],
  // bazel run: the program's code
  ['bazel', 'run', 0, 'Success', 'success', 0, 'bazel run'],
  ['bazel', 'run', 9, 'ProgramExit', 'failure', 1, 'bazel run'],
  ['bazel', 'run', 3, 'ProgramExit', 'failure', 1, 'bazel run'],
  ['bazel', 'run', 33, 'ProgramExit', 'failure', 1, 'bazel run'],
  ['bazel', 'run', 8, 'ProgramExit', 'failure', 1, 'bazel run'],
  ['bazel', 'run', 137, 'SIGKILL', 'signal', 137, 'bazel run'],
  // buck2 run: the program's code; buck2 test: the executor's verdicts
  ['buck2', 'run', 0, 'Success', 'success', 0, 'buck2 run'],
  ['buck2', 'run', 4, 'ProgramExit', 'failure', 1, 'buck2 run'],
  ['buck2', 'run', 11, 'ProgramExit', 'failure', 1, 'buck2 run'],
  ['buck2', 'run', 2, 'ProgramExit', 'failure', 1, 'buck2 run'],
  ['buck2', 'run', 137, 'SIGKILL', 'signal', 137, 'buck2 run'],
  ['buck2', 'run', 141, 'SIGPIPE', 'signal', 141, 'buck2 run'],
  ['buck2', 'build', 137, 'UnknownExit', 'failure', 1, undefined],
  ['buck2', 'test', 7, 'TestRunner', 'failure', 1, 'buck2 test'],
  ['buck2', 'test', 2, 'InfraErrorOrCancellations', 'failure', 1, 'buck2 test'],
  ['buck2', 'test', 42, 'NeedsBaseRevisionRetry', 'test-failure', 32, 'buck2 test'],
  ['buck2', 'test', 43, 'NeedsAdditionalVerification', 'test-failure', 32, 'buck2 test'],
  ['buck2', 'test', 32, 'TestError', 'test-failure', 32, 'buck2 test'],
  ['buck2', 'test', 4, 'DaemonIsBusy', 'busy', 4, 'buck2 test'],
  ['buck2', 'build', 2, 'InfraError', 'infra', 2, undefined],
  // docker exec and compose run/exec: the program's code
  ['docker', 'exec', 0, 'Success', 'success', 0, 'docker exec'],
  ['docker', 'exec', 125, 'ProgramExit', 'failure', 1, 'docker exec'],
  ['docker', 'container exec', 1, 'ProgramExit', 'failure', 1, 'docker exec'],
  ['docker', 'exec', 255, 'ProgramExitOrDaemonLost', 'failure', 1, 'docker exec'],
  ['docker', 'exec', 143, 'SIGTERM', 'signal', 143, 'docker exec'],
  ['docker', 'compose run', 130, 'Cancelled', 'signal', 130, 'docker compose run'],
  ['docker', 'compose exec', 3, 'ProgramExit', 'failure', 1, 'docker compose run'],
  ['docker', 'compose run', 137, 'SIGKILL', 'signal', 137, 'docker compose run'],
  // docker compose: 130 a cancel (an interrupt), 255 a plugin killed by a signal
  ['docker', 'compose up', 130, 'Cancelled', 'signal', 130, 'docker compose'],
  ['docker', 'compose', 1, 'ComposeError', 'failure', 1, 'docker compose'],
  ['docker', 'compose up', 255, 'PluginKilled', 'infra', 2, 'docker compose'],
  ['docker', 'compose up', 125, 'ComposeExit', 'failure', 1, 'docker compose'],
  // docker build (buildx)
  ['docker', 'build', 1, 'BuildFailed', 'failure', 1, 'docker build'],
  ['docker', 'buildx build', 255, 'PluginKilled', 'infra', 2, 'docker build'],
  ['docker', 'image build', 125, 'PluginExit', 'failure', 1, 'docker build'],
  // docker inspect|info|version|events: 64 is a bad --format template
  ['docker', 'inspect', 64, 'FormatTemplateError', 'user', 3, 'docker inspect|info|version|events'],
  ['docker', 'container inspect', 64, 'FormatTemplateError', 'user', 3, 'docker inspect|info|version|events'],
  ['docker', 'version', 64, 'FormatTemplateError', 'user', 3, 'docker inspect|info|version|events'],
  ['docker', 'inspect', 3, 'UnknownExit', 'failure', 1, 'docker inspect|info|version|events'],
  ['docker', 'inspect', 1, 'GenericError', 'failure', 1, 'docker inspect|info|version|events'],
  ['docker', 'run', 64, 'ContainerExit', 'failure', 1, undefined],
  ['docker', 'run', 125, 'DockerError', 'infra', 2, undefined],
  // podman exec: the program's code, podman's own 125-127
  ['podman', 'exec', 125, 'ExecErrorCodeGeneric', 'failure', 1, 'podman exec'],
  ['podman', 'exec', 126, 'ExecErrorCodeCannotInvoke', 'user', 3, 'podman exec'],
  ['podman', 'container exec', 127, 'ExecErrorCodeNotFound', 'user', 3, 'podman exec'],
  ['podman', 'exec', 3, 'ProgramExit', 'failure', 1, 'podman exec'],
  ['podman', 'exec', 137, 'SIGKILL', 'signal', 137, 'podman exec'],
  ['podman', 'run', 125, 'ExecErrorCodeGeneric', 'infra', 2, undefined],
  // a generic command has no refinements
  ['generic', 'run', 9, 'Failure', 'failure', 1, undefined],
];

describe('subcommand refinements', () => {
  it.each(rows)(
    '%s %s exit %i is %s (%s, normalized %i) via %s',
    (tool, subcommand, code, name, category, normalized, via) => {
      const c = classifyExitCode(models[tool], code, '', subcommand.split(' '));
      expect(c).toMatchObject({ tool, name, category, normalizedCode: normalized, rawCode: code });
      expect(c.via).toBe(via);
      // classifyOutcome picks the same refinement
      expect(classifyOutcome(models[tool], { kind: 'exited', code }, '', subcommand.split(' '))).toEqual(c);
    },
  );

  it('without subcommand words the tool table reads the code, as before', () => {
    expect(classifyExitCode(models.bazel, 3)).toMatchObject({ name: 'TESTS_FAILED' });
    expect(classifyExitCode(models.bazel, 3).via).toBeUndefined();
  });

  it('the longest subcommand match wins (compose run over compose); a partial word does not match', () => {
    expect(refinementFor(models.docker, ['compose', 'run'])?.via).toBe('docker compose run');
    expect(refinementFor(models.docker, ['compose'])?.via).toBe('docker compose');
    expect(refinementFor(models.docker, ['container', 'exec'])?.via).toBe('docker exec');
    expect(refinementFor(models.docker, ['container', 'run'])).toBeUndefined();
    expect(refinementFor(models.bazel, ['quer'])).toBeUndefined();
    expect(refinementFor(models.bazel, [])).toBeUndefined();
  });

  it('a signal death and a timeout read the same whatever the subcommand: only exit codes are refined', () => {
    expect(classifyOutcome(models.bazel, { kind: 'signaled', signal: 'SIGKILL' }, '', ['run'])).toEqual(
      classifyOutcome(models.bazel, { kind: 'signaled', signal: 'SIGKILL' }),
    );
  });

  it("message rules: a passthrough keeps only the engine's connection rules (docker exec), others the tool's", () => {
    const lost = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    expect(classifyExitCode(models.docker, 1, lost, ['exec'])).toMatchObject({
      category: 'connect',
      ruleId: 'daemon-unreachable',
      via: 'docker exec',
    });
    // a program's own output that reads like a registry error is the program's failure
    expect(classifyExitCode(models.docker, 1, 'read: connection reset by peer', ['exec'])).toMatchObject({
      name: 'ProgramExit',
      category: 'failure',
    });
    expect(classifyExitCode(models.docker, 1, 'read: connection reset by peer', ['build'])).toMatchObject({
      ruleId: 'connection-reset',
      via: 'docker build',
    });
    expect(classifyExitCode(models.podman, 125, 'Error: unknown flag: --foo', ['exec'])).toMatchObject({
      ruleId: 'cli-usage',
      category: 'user',
    });
  });

  // every refinement's rows are whole entries; passthrough ones never give a tool category by code alone
  const refinements = TOOL_NAMES.flatMap((tool) => (models[tool].refinements ?? []).map((r) => [tool, r] as const));
  it.each(refinements.map(([tool, r]) => [r.via, tool, r] as const))(
    '%s: entries are whole, subcommands unique',
    (_, tool, r) => {
      for (const entry of [...r.codes, ...(r.rules ?? []), ...(r.otherCodes ? [r.otherCodes] : [])]) {
        expect(entry.name).toMatch(/^\S+$/);
        expect(CATEGORIES).toContain(entry.category);
        expect(entry.meaning).toMatch(/^[^\n]{5,90}$/);
        expect(entry.source.length).toBeGreaterThan(5);
      }
      const codes = r.codes.map((e) => e.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(r.via.startsWith(`${tool} `)).toBe(true);
      const others = refinements.filter(([t, o]) => t === tool && o !== r).flatMap(([, o]) => o.subcommands);
      expect(r.subcommands.filter((s) => others.includes(s))).toEqual([]);
    },
  );

  const passthroughs = refinements.filter(([, r]) => r.passthrough);
  it.each(passthroughs.map(([tool, r]) => [r.via, tool, r] as const))(
    '%s passes the program code through: no tool category, 129-192 are 128+N, never busy or connect by code',
    (_, tool, r) => {
      expect(r.table).toBe('own');
      expect(r.signalCodes).toBeDefined();
      const words = r.subcommands[0]!.split(' ');
      for (let code = 1; code <= 255; code += 1) {
        const c = classifyExitCode(models[tool], code, '', words);
        expect(['failure', 'user', 'signal'], `${r.via} ${code}`).toContain(c.category);
        if (code > 128 && code <= 192 && !r.codes.some((e) => e.code === code))
          expect(c).toMatchObject({ category: 'signal', normalizedCode: code });
      }
    },
  );

  it('refinedModel: override keeps the other rows, own drops them', () => {
    const query = refinementFor(models.bazel, ['query'])!;
    expect(refinedModel(models.bazel, query).codes.map((e) => e.code)).toEqual(models.bazel.codes.map((e) => e.code));
    const run = refinementFor(models.bazel, ['run'])!;
    expect(refinedModel(models.bazel, run).codes.map((e) => e.code)).toEqual([0]);
  });
});
