import type { Command as Commander } from 'commander';

/**
 * Shell completion. The scripts ask `herald __complete <words so far>` for
 * the candidates, so they always match the installed version's commands.
 */
export function completionScript(shell: 'bash' | 'zsh'): string {
  if (shell === 'bash') {
    return [
      '# herald completion for bash: eval "$(herald completion bash)" (e.g. in ~/.bashrc)',
      '_herald_complete() {',
      '  local words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")',
      '  COMPREPLY=($(compgen -W "$(herald __complete "${words[@]}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))',
      '}',
      'complete -F _herald_complete herald',
    ].join('\n');
  }
  return [
    '#compdef herald',
    '# herald completion for zsh: eval "$(herald completion zsh)" (after compinit, e.g. in ~/.zshrc)',
    '_herald() {',
    '  local -a candidates',
    '  candidates=(${(f)"$(herald __complete ${words[2,CURRENT-1]} 2>/dev/null)"})',
    '  compadd -a candidates',
    '}',
    'compdef _herald herald',
  ].join('\n');
}

/**
 * What may follow the words typed so far: the subcommands of the command they
 * name, then its options (`--…`), never hidden commands. Option values typed
 * so far are skipped. Pure over the program.
 */
export function completions(program: Commander, words: string[]): string[] {
  let command = program;
  for (const word of words) {
    if (word.startsWith('-')) continue;
    const next = command.commands.find((c) => c.name() === word);
    if (next) command = next;
  }
  const subcommands = command
    .createHelp()
    .visibleCommands(command)
    .map((c) => c.name())
    .filter((name) => name !== 'help');
  const options = [...command.options, ...(command === program ? [] : program.options)]
    .map((o) => o.long)
    .filter((name): name is string => Boolean(name));
  return [...subcommands, ...options];
}
