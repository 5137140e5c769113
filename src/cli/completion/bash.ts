// The bash completion script, written from the completion spec. Pure.
import type { CompletedOption, CompletionSpec, Context, Values } from './spec.js';
import { allContexts, shellWord, valuedOptions } from './words.js';

export function bashScript(spec: CompletionSpec, version: string): string {
  const contexts = allContexts(spec);
  const valued = valuedOptions(spec);
  // a short form completes its values as its long form does
  const shortOf = new Map(
    contexts.flatMap((c) => c.options.flatMap((o) => (o.short === undefined ? [] : [[o.long, o.short] as const]))),
  );
  return `# bash completion for xrun ${version}, written by \`xrun completion bash\` from its settings table.
# Install: xrun completion bash > ~/.local/share/bash-completion/completions/xrun
# (or put \`source <(xrun completion bash)\` in ~/.bashrc).

# Whether option $2 takes a value in context $1 (the run path is '').
_xrun_takes_value() {
  case $1 in
${contexts.map((c) => `    ${caseLabel(c.name)}) case $2 in ${orNone(c.options.filter((o) => o.value).flatMap(flagsOf))}) return 0 ;; esac ;;`).join('\n')}
  esac
  return 1
}

# The options of context $1.
_xrun_options() {
  case $1 in
${contexts.map((c) => `    ${caseLabel(c.name)}) echo '${c.options.flatMap(flagsOf).join(' ')}' ;;`).join('\n')}
  esac
}

# The values of option $1 for the word $2.
_xrun_values() {
  case $1 in
${valued.map(([long, values]) => `    ${[shortOf.get(long), long].filter(Boolean).join('|')}) ${bashValues(values, '$2')} ;;`).join('\n')}
  esac
}

# Completes the last item of the comma-separated list $2 from the words $1.
_xrun_list() {
  local head=''
  [[ $2 == *,* ]] && head=\${2%,*},
  COMPREPLY=($(compgen -P "$head" -W "$1" -- "\${2##*,}"))
}

# The words after the options of context $1 (the current word $2, at index $3).
_xrun_args() {
  case $1 in
    '') _xrun_command "$3"
        if (( $3 == 1 )); then COMPREPLY=($(compgen -W '${spec.subcommands.map((s) => s.name).join(' ')}' -- "$2") "\${COMPREPLY[@]}"); fi ;;
${spec.subcommands.map((c) => `    ${c.name}) ${c.args.kind === 'command' ? '_xrun_command "$3"' : bashValues(c.args, '$2')} ;;`).join('\n')}
  esac
}

# The command that starts at word $1: its own completion (bash-completion's _command_offset), else
# command names for its first word and file names after it.
_xrun_command() {
  if declare -F _command_offset >/dev/null; then
    _command_offset "$1"
  elif (( $1 == COMP_CWORD )); then
    COMPREPLY+=($(compgen -c -- "\${COMP_WORDS[COMP_CWORD]}"))
  else
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "\${COMP_WORDS[COMP_CWORD]}"))
  fi
}

_xrun() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} context='' i=1 word
  COMPREPLY=()
  # the words before the cursor: options and their values, a subcommand (the first word only), then
  # the command (after -- or the first other word)
  while (( i < COMP_CWORD )); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -- ]]; then
      [[ -z $context || $context == config ]] && _xrun_command $((i + 1))
      return
    elif [[ $word == -* ]]; then
      # bash splits --name=value at '=' into three words
      if [[ \${COMP_WORDS[i+1]} == = ]]; then
        (( i += 2 ))
      elif _xrun_takes_value "$context" "$word"; then
        (( i++ ))
      fi
    elif (( i == 1 )) && [[ ' ${spec.subcommands.map((s) => s.name).join(' ')} ' == *" $word "* ]]; then
      context=$word
    elif [[ -z $context || $context == config ]]; then
      _xrun_command "$i"
      return
    fi
    (( i++ ))
  done
  if [[ $cur == = && $prev == -* ]]; then
    _xrun_values "$prev" ''
  elif [[ $prev == = && \${COMP_WORDS[COMP_CWORD-2]} == -* ]]; then
    _xrun_values "\${COMP_WORDS[COMP_CWORD-2]}" "$cur"
  elif [[ $prev == -* ]] && _xrun_takes_value "$context" "$prev"; then
    _xrun_values "$prev" "$cur"
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_xrun_options "$context")" -- "$cur"))
  else
    _xrun_args "$context" "$cur" "$COMP_CWORD"
  fi
}

complete -F _xrun xrun
`;
}

function caseLabel(name: Context['name']): string {
  return name === '' ? "''" : name;
}

function flagsOf(option: CompletedOption): string[] {
  return option.short === undefined ? [option.long] : [option.short, option.long];
}

// A case pattern that matches none of the options when a context has no valued ones.
function orNone(flags: readonly string[]): string {
  return flags.length > 0 ? flags.join('|') : "''";
}

function bashValues(values: Values, word: string): string {
  switch (values.kind) {
    case 'words':
      return values.list
        ? `_xrun_list '${values.words.map(shellWord).join(' ')}' "${word}"`
        : `COMPREPLY=($(compgen -W '${values.words.map(shellWord).join(' ')}' -- "${word}"))`;
    case 'file':
      return `compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "${word}"))`;
    default:
      return 'COMPREPLY=()';
  }
}
