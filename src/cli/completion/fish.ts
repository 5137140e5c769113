// The fish completion script, written from the completion spec. Pure.
import type { CompletedOption, CompletionSpec, Context, Values } from './spec.js';
import { allContexts, shellWord } from './words.js';

export function fishScript(spec: CompletionSpec, version: string): string {
  const contexts = allContexts(spec);
  const valued = contexts.flatMap((c) =>
    c.options.filter((o) => o.value).flatMap((o) => flagsOf(o).map((f) => quoted(`${contextName(c)} ${f}`))),
  );
  const subcommands = spec.subcommands.map((c) => c.name).join(' ');
  return `# fish completion for xrun ${version}, written by \`xrun completion fish\` from its settings table.
# Install: xrun completion fish > ~/.config/fish/completions/xrun.fish

# "CONTEXT OPTION" for each option that takes a value (the run path is "run")
set -g __xrun_valued ${valued.join(' ')}

# The context at the cursor: run, a subcommand, or "command N" when the command starts at token N.
function __xrun_context
    set -l tokens (commandline -opc)
    set -l context run
    set -l i 2
    while test $i -le (count $tokens)
        set -l word $tokens[$i]
        if test "$word" = --
            contains -- $context run config; and echo command (math $i + 1); or echo $context
            return
        else if string match -q -- '-*' $word
            if not string match -q -- '*=*' $word; and contains -- "$context $word" $__xrun_valued
                set i (math $i + 1)
            end
        else if test $i -eq 2; and contains -- $word ${subcommands}
            set context $word
        else if contains -- $context run config
            echo command $i
            return
        end
        set i (math $i + 1)
    end
    echo $context
end

# Whether the context is one of the arguments.
function __xrun_in
    contains -- (__xrun_context) $argv
end

# The command's own completion, for the words from where it starts.
function __xrun_command
    set -l context (__xrun_context)
    set -l start (string replace 'command ' '' -- $context)
    set -l tokens (commandline -opc)
    set -l words
    test $start -le (count $tokens); and set words $tokens[$start..-1]
    complete -C (string join ' ' -- (string escape -- $words) (commandline -ct))
end

# The words $argv completing the last item of a comma-separated list.
function __xrun_list
    set -l current (string replace -r -- '^--[^=]*=' '' (commandline -ct))
    set -l head (string match -r -- '^.*,' $current)
    printf '%s\\n' $head$argv
end

complete -c xrun -f
complete -c xrun -n '__xrun_in run; and test (count (commandline -opc)) -eq 1' -a '${subcommands}' -d 'xrun subcommand'
complete -c xrun -n '__xrun_in run' -a '(__fish_complete_command)'
complete -c xrun -n 'string match -q "command *" -- (__xrun_context)' -a '(__xrun_command)'
${spec.subcommands.map((c) => subcommandLines(c)).join('\n')}
${optionLines(contexts).join('\n')}
`;
}

function subcommandLines(context: Context): string {
  const described = `complete -c xrun -n 'test (count (commandline -opc)) -eq 1' -a ${context.name} -d ${quoted(firstClause(context.help))}`;
  if (context.args.kind !== 'words') return described;
  return `${described}\ncomplete -c xrun -n '__xrun_in ${context.name}' ${values(context.args)}`;
}

// One line per option, offered in the contexts that have it.
function optionLines(contexts: readonly Context[]): string[] {
  const where = new Map<string, { option: CompletedOption; contexts: string[] }>();
  for (const context of contexts)
    for (const option of context.options) {
      // one line per meaning: explain's --signal is not the run's
      const key = `${option.long} ${option.help}`;
      const entry = where.get(key) ?? { option, contexts: [] };
      entry.contexts.push(contextName(context));
      where.set(key, entry);
    }
  return [...where.values()].map(({ option, contexts: names }) => {
    const short = option.short === undefined ? '' : ` -s ${option.short.slice(1)}`;
    const value = option.value === undefined ? '' : ` ${values(option.value)}`;
    return `complete -c xrun -n '__xrun_in ${names.join(' ')}'${short} -l ${option.long.slice(2)}${value} -d ${quoted(option.help)}`;
  });
}

function values(values: Values): string {
  switch (values.kind) {
    case 'words': {
      const words = values.words.map(shellWord).join(' ');
      return values.list ? `-x -a '(__xrun_list ${words})'` : `-x -a '${words}'`;
    }
    case 'file':
      return '-r -F';
    default:
      return '-x';
  }
}

function contextName(context: Context): string {
  return context.name === '' ? 'run' : context.name;
}

function flagsOf(option: CompletedOption): string[] {
  return option.short === undefined ? [option.long] : [option.short, option.long];
}

// A subcommand's description up to its first colon or period, as fish shows it beside the name.
function firstClause(text: string): string {
  return text.split(/[:.]/)[0]!;
}

function quoted(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
