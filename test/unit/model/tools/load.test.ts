import { describe, expect, it } from 'vitest';
import { releasesNote } from '../../../../src/model/releases.js';
import { models, TOOL_NAMES } from '../../../../src/model/tools/index.js';
import { loadToolReading } from '../../../../src/model/tools/load.js';

describe('loadToolReading: the run reads its tool as the library and the subcommands do', () => {
  it.each(TOOL_NAMES)(
    '%s: the same model, and the release readings exactly where a code depends on the release',
    async (tool) => {
      const reading = await loadToolReading(tool);
      expect(reading.model).toBe(models[tool]);
      const dependent = Array.from({ length: 256 }, (_, code) => code).filter((code) => releasesNote(tool, code));
      expect(reading.releases !== undefined).toBe(dependent.length > 0);
      expect(dependent.length > 0).toBe(tool === 'buck2' || tool === 'bazel');
    },
  );
});
