import { bazel } from './bazel.js';
import { buck2 } from './buck2.js';
import { docker } from './docker.js';
import { generic } from './generic.js';
import { podman } from './podman.js';
import type { ToolModel, ToolName } from './types.js';

export type { CodeEntry, OnlyWith, Refinement, StderrRule, ToolModel, ToolName } from './types.js';
export { TOOL_NAMES } from './types.js';

// Every tool's exit-code model; the runner, `xrun codes` and `xrun explain` all read this one object.
export const models: Readonly<Record<ToolName, ToolModel>> = { buck2, docker, podman, bazel, generic };
