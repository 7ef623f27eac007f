import { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import type { CliRuntime } from '../runtime.js';

/** Subcommand path ("" for the root, "cluster import" …) → the words that may follow it. */
export function completionTable(program: Command): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const visit = (command: Command, path: string) => {
    const options = command.options.flatMap((o) =>
      [o.long, o.short].filter((f): f is string => f !== undefined),
    );
    const globals = path === '' ? [] : ['-o', '--output', '--use-context', '-h', '--help'];
    const names = (c: Command) => [c.name(), ...c.aliases()];
    table.set(path, [...command.commands.flatMap(names), ...options, ...globals]);
    for (const child of command.commands) {
      for (const name of names(child)) visit(child, path ? `${path} ${name}` : name);
    }
  };
  visit(program, '');
  return table;
}

/** Commands whose arguments or option values are files (completed from the file system). */
const FILE_ARGUMENTS = ['cluster import', 'perf apply', 'perf profile export', 'adapter register'];

export function bashCompletion(program: Command): string {
  const table = completionTable(program);
  const paths = [...table.keys()].filter((p) => p !== '');
  const cases = [...table].map(([path, words]) => `    "${path}") words="${words.join(' ')}" ;;`).join('\n');
  return `# bash completion for meshplane: source <(meshplane completion bash), or save it to
# /etc/bash_completion.d/meshplane
_meshplane() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmdpath="" word i words=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    case "\${cmdpath:+$cmdpath }$word" in
      ${paths.map((p) => `"${p}"`).join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;;
    esac
  done
  case "$cmdpath" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
  case "$cmdpath" in ${FILE_ARGUMENTS.map((p) => `"${p}"`).join('|')}) [[ $cur == -* ]] || COMPREPLY+=($(compgen -f -- "$cur")) ;; esac
}
complete -F _meshplane meshplane
`;
}

export function zshCompletion(program: Command): string {
  const table = completionTable(program);
  const paths = [...table.keys()].filter((p) => p !== '');
  const cases = [...table]
    .map(([path, words]) => `    ("${path}") candidates=(${words.join(' ')}) ;;`)
    .join('\n');
  return `#compdef meshplane
# zsh completion for meshplane: source <(meshplane completion zsh), or save it as _meshplane in a folder of $fpath
_meshplane() {
  local cmdpath="" word i
  local -a candidates
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ $word == -* ]] && continue
    case "\${cmdpath:+$cmdpath }$word" in
      (${paths.map((p) => `"${p}"`).join('|')}) cmdpath="\${cmdpath:+$cmdpath }$word" ;;
    esac
  done
  case "$cmdpath" in
${cases}
  esac
  compadd -- $candidates
  case "$cmdpath" in (${FILE_ARGUMENTS.map((p) => `"${p}"`).join('|')}) _files ;; esac
}
if [[ $zsh_eval_context[-1] == loadautoload ]]; then _meshplane "$@"; else compdef _meshplane meshplane; fi
`;
}

export function completionCommand(runtime: CliRuntime, program: Command): Command {
  return new Command('completion')
    .argument('<shell>', 'bash or zsh')
    .description('print a shell completion script: `source <(meshplane completion bash)`')
    .action((shell: string) => {
      if (shell === 'bash') return runtime.terminal.out(bashCompletion(program));
      if (shell === 'zsh') return runtime.terminal.out(zshCompletion(program));
      throw new CliError(`no completion for ${shell}`, ExitCode.USAGE, 'use bash or zsh');
    });
}
