// The zsh completion script (a #compdef function for _arguments), written from the completion spec. Pure.
import type { CompletedOption, CompletionSpec, Context, Values } from './spec.js';
import { shellWord } from './words.js';

export function zshScript(spec: CompletionSpec, version: string): string {
  const arrays = [spec.run, ...spec.subcommands].map(
    (c) =>
      `  local -a ${arrayName(c)}=(\n${c.options
        .flatMap(optionSpecs)
        .map((s) => `    ${s}`)
        .join('\n')}\n  )`,
  );
  const subcommands = spec.subcommands.map((c) => `    ${quoted(`${c.name}:${c.help}`)}`);
  return `#compdef xrun
# zsh completion for xrun ${version}, written by \`xrun completion zsh\` from its settings table.
# Install: xrun completion zsh > ~/.zsh/completions/_xrun (a directory on $fpath before compinit runs),
# or put \`source <(xrun completion zsh)\` in ~/.zshrc after compinit.

_xrun() {
  local curcontext=$curcontext state state_descr line first_word=$words[2] ret=1
  typeset -A opt_args
${arrays.join('\n')}
  local -a subcommands=(
${subcommands.join('\n')}
  )
  # options until the first other word; a subcommand is the first word only, anything else is the command
  _arguments -C -S -A '-*' : $run_options '1: :->first' '*:: :->rest' && ret=0
  case $state in
    first)
      if (( CURRENT == 2 )); then _describe -t subcommands 'xrun subcommand' subcommands && ret=0; fi
      _command_names -e && ret=0
      ;;
    rest)
      case $first_word in
${spec.subcommands.map((c) => `        ${c.name}) _arguments -S -A '-*' : $${arrayName(c)} ${argumentSpec(c.args)} && ret=0 ;;`).join('\n')}
        *) _normal && ret=0 ;;
      esac
      ;;
  esac
  return ret
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _xrun "$@"
else
  compdef _xrun xrun
fi
`;
}

function arrayName(context: Context): string {
  return `${context.name === '' ? 'run' : context.name}_options`;
}

// `--tool=[help]:value:(buck2 docker ...)`; a short and long pair exclude each other.
function optionSpecs(option: CompletedOption): string[] {
  const flags = option.short === undefined ? [option.long] : [option.short, option.long];
  const exclusive = flags.length > 1 ? `(${flags.join(' ')})` : '';
  const value = option.value === undefined ? '' : `:value:${action(option.value)}`;
  return flags.map((flag) =>
    quoted(`${exclusive}${flag}${option.value && flag.startsWith('--') ? '=' : ''}[${bracketed(option.help)}]${value}`),
  );
}

function argumentSpec(args: Values): string {
  if (args.kind === 'command') return quoted('*::command:_normal');
  if (args.kind === 'words') return quoted(`1:value:${action(args)}`);
  return quoted('*: : ');
}

function action(values: Values): string {
  switch (values.kind) {
    case 'words': {
      const words = values.words.map(shellWord).join(' ');
      return values.list ? `_values -s , value ${words}` : `(${words})`;
    }
    case 'file':
      return '_files';
    case 'command':
      return '_normal';
    default:
      return ' ';
  }
}

// Help text inside _arguments' [...]: brackets and backslashes escaped.
function bracketed(text: string): string {
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}
