import type { ToolName } from '../model/tools/index.js';
import type { ParsedCommand } from './parse.js';

// The service a run retries against, named alike on every machine of the fleet (--fleet-key overrides
// it). Pure.
//   docker/podman with an image: the tool and the image's registry host   docker:ghcr.io
//   docker/podman without one: the tool and the daemon's host             docker:daemon=tcp://builder:2375
//   anything else: the tool (or the command's name) and the project's directory name   bazel:myrepo
export function fleetKeyOf(tool: ToolName, parsed: ParsedCommand, projectDir: string, env: NodeJS.ProcessEnv): string {
  if (tool === 'docker' || tool === 'podman') {
    const image = parsed.container?.image ?? pulledImage(parsed);
    return image === undefined ? `${tool}:daemon=${daemonHost(tool, parsed, env)}` : `${tool}:${registryOf(image)}`;
  }
  const project =
    projectDir
      .split('/')
      .filter((part) => part !== '')
      .at(-1) ?? '/';
  return `${tool === 'generic' ? parsed.name : tool}:${project}`;
}

// The image of `docker pull IMAGE` / `push IMAGE`: the first word after the subcommand that is no option.
function pulledImage(parsed: ParsedCommand): string | undefined {
  if (parsed.subcommand !== 'pull' && parsed.subcommand !== 'push') return undefined;
  const argv = parsed.effectiveArgv ?? [];
  const after = argv.slice(argv.indexOf(parsed.subcommand, 1 + parsed.globalOptions.length) + 1);
  return after.find((word) => !word.startsWith('-'));
}

// The registry host of an image reference: its first part when that names a host (has a dot or a
// port, or is localhost), else Docker Hub.
export function registryOf(image: string): string {
  const first = image.split('/')[0]!;
  const isHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first.toLowerCase() : 'docker.io';
}

function daemonHost(tool: 'docker' | 'podman', parsed: ParsedCommand, env: NodeJS.ProcessEnv): string {
  const options = parsed.globalOptions;
  for (let i = 0; i < options.length; i += 1) {
    const option = options[i]!;
    const [name, inline] = option.split('=', 2) as [string, string | undefined];
    if (['-H', '--host', '--url', '--connection', '-c', '--context'].includes(name))
      return inline ?? options[i + 1] ?? 'local';
  }
  const fromEnv = tool === 'docker' ? (env['DOCKER_HOST'] ?? env['DOCKER_CONTEXT']) : env['CONTAINER_HOST'];
  return fromEnv || 'local';
}
