import type { Classification } from '../classify.js';
import { generic } from './generic.js';
import type { ToolModel, ToolName } from './types.js';

// How a run reads its tool's outcomes: the tool's model and, for a tool whose codes changed meaning
// between releases (model/releases.ts), the readings by release. Classifying stays synchronous and pure.
export interface ToolReading {
  model: ToolModel;
  releases?: {
    needsRelease(c: Classification): boolean;
    withRelease(c: Classification, release: string | undefined): Classification;
  };
}

// The run's tool alone, each model its own chunk (import()): a generic command's run compiles no other
// tool's tables. The library and the subcommands read every model from model/tools/index.ts.
export async function loadToolReading(tool: ToolName): Promise<ToolReading> {
  switch (tool) {
    case 'generic':
      return { model: generic };
    case 'docker':
      return { model: (await import('./docker.js')).docker };
    case 'podman':
      return { model: (await import('./podman.js')).podman };
    case 'buck2':
      return withReleases((await import('./buck2.js')).buck2);
    case 'bazel':
      return withReleases((await import('./bazel.js')).bazel);
  }
}

// buck2 and bazel have codes whose meaning depends on the release (test/unit/model/tools/load.test.ts).
async function withReleases(model: ToolModel): Promise<ToolReading> {
  const { needsRelease, withRelease } = await import('../releases.js');
  return { model, releases: { needsRelease, withRelease } };
}
