import type { ColorMode } from '../settings/plan.js';

// Which CI xrun talks to: GitHub Actions workflow commands, GitLab CI collapsible sections, or none.
export type CiKind = 'github' | 'gitlab' | 'none';

// The CI kind from ci-info's vendor flags.
export function ciKind(info: { GITHUB_ACTIONS: boolean; GITLAB: boolean }): CiKind {
  if (info.GITHUB_ACTIONS) return 'github';
  if (info.GITLAB) return 'gitlab';
  return 'none';
}

// Whether ci-info could name a CI xrun talks to: its GitHub and GitLab flags need these variables, so
// without them a run does not load ci-info at all.
export function mayBeNamedCi(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['GITHUB_ACTIONS'] || env['GITLAB_CI']);
}

// The CI the run is in, asked of ci-info only when the answer is `wanted` and could be one: ci-info reads
// the environment when it loads, so it is loaded only then.
export async function askCi(wanted: boolean, env: NodeJS.ProcessEnv): Promise<CiKind> {
  return wanted && mayBeNamedCi(env) ? ciKind((await import('ci-info')).default) : 'none';
}

// Whether xrun colours its own lines (docs/ci.md): `--color always` or `never` (also XRUN_COLOR, the
// config's `color`) decides; under `auto` NO_COLOR turns it off (no-color.org), then FORCE_COLOR turns it
// on (off when 0 or false), then a terminal turns it on; else it is for the CI to say ('ci'). Pure.
export function colourChoice(mode: ColorMode, isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean | 'ci' {
  if (mode !== 'auto') return mode === 'always';
  if (isSet(env['NO_COLOR'])) return false;
  const force = env['FORCE_COLOR'];
  if (isSet(force)) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY === true || 'ci';
}

// GitHub's and GitLab's job logs render ANSI colours.
export function ciRendersColour(kind: CiKind): boolean {
  return kind !== 'none';
}

// An empty variable is unset, as for XRUN_* (and NO_COLOR's own rule).
function isSet(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

// An xrun line in yellow (retry, give-up and deadline lines).
export function paint(line: string, enabled: boolean): string {
  return enabled ? `\x1b[33m${line}\x1b[39m` : line;
}
