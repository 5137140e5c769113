import { describe, expect, it } from 'vitest';
import { classifyExitCode } from '../../../../src/model/classify.js';
import { generic } from '../../../../src/model/tools/generic.js';

const ROWS: [number, string, string, number][] = [
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

describe("any other command's model (model/tools/generic.ts)", () => {
  it.each(ROWS)('exit %i is %s (%s, normalized %i)', (code, name, category, normalized) => {
    expect(classifyExitCode(generic, code)).toMatchObject({
      name,
      category,
      normalizedCode: normalized,
      rawCode: code,
    });
  });

  it('the POSIX shell convention alone: three codes, no message rules, no subcommands', () => {
    expect(generic.codes.map((c) => c.code)).toEqual([0, 126, 127]);
    expect(generic.rules).toEqual([]);
    expect(generic.refinements).toBeUndefined();
    expect(
      classifyExitCode(generic, 1, 'Cannot connect to the Docker daemon. Is the docker daemon running?'),
    ).toMatchObject({ name: 'Failure', category: 'failure' });
  });
});
