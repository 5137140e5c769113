import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { programRefinement } from '../../../../src/model/tools/program.js';
import type { ToolModel } from '../../../../src/model/tools/types.js';

describe('programRefinement: a subcommand that exits with its program’s status (model/tools/program.ts)', () => {
  it('0 is the program’s success, any other code its own, 129-192 its signal; the table is its own', () => {
    expect(programRefinement('tool run', ['run', 'exec'], 'run.rs')).toEqual({
      subcommands: ['run', 'exec'],
      via: 'tool run',
      table: 'own',
      passthrough: true,
      codes: [{ code: 0, name: 'Success', category: 'success', meaning: 'the program succeeded', source: 'run.rs' }],
      otherCodes: {
        name: 'ProgramExit',
        category: 'failure',
        meaning: "the program's own exit code (or the tool's, before it ran)",
        source: 'run.rs',
      },
      signalCodes: 'run.rs: 128+N for a program killed by signal N',
    });
  });

  it('extra fields replace the defaults', () => {
    const refinement = programRefinement('tool run', ['run'], 'run.rs', { rules: [], signalCodes: 'elsewhere' });
    expect(refinement.rules).toEqual([]);
    expect(refinement.signalCodes).toBe('elsewhere');
    expect(refinement.otherCodes?.name).toBe('ProgramExit');
  });

  it("classified as a model, the program's codes are never the tool's", () => {
    const { codes, otherCodes, signalCodes } = programRefinement('tool run', ['run'], 'run.rs');
    const model: ToolModel = {
      tool: 'generic',
      title: 't',
      codes,
      rules: [],
      otherCodes: otherCodes!,
      signalCodes: signalCodes!,
    };
    expect(classifyExitCode(model, 0)).toMatchObject({ name: 'Success', category: 'success', normalizedCode: 0 });
    expect(classifyExitCode(model, 127)).toMatchObject({ name: 'ProgramExit', category: 'failure', normalizedCode: 1 });
    expect(classifyExitCode(model, 137)).toMatchObject({ name: 'SIGKILL', category: 'signal', normalizedCode: 137 });
  });
});
