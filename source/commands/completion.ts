/**
 * `tokentop completion bash|zsh|fish`: a completion script for the shell, made from the
 * registry: commands, each command's options and their values, and account names (from the
 * hidden `tokentop list --names`, which reads the store only: no network, no clock).
 */
import {ServiceError, exitCodes} from '../services/errors.js';
import {kinds} from '../services/kinds.js';
import type {CommandContext} from './context.js';
import type {OptionSpecs, ParsedLine} from './parse.js';
import {type CommandSpec, commands, globalOptions} from './registry.js';

export const shells = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof shells)[number];

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const [shell, ...extra] = line.positionals;
	if (!shells.includes(shell as Shell) || extra.length > 0) throw new ServiceError('usage', `Usage: tokentop completion ${shells.join('|')}`);
	context.stdout.write(scripts[shell as Shell]());
	return exitCodes.ok;
}

const scripts: Record<Shell, () => string> = {bash: bashScript, zsh: zshScript, fish: fishScript};

/** Option words as typed: --name and -x. */
function optionWords(options: OptionSpecs, which: 'all' | 'valued' = 'all'): string[] {
	return Object.entries(options)
		.filter(([, option]) => !option.hidden && (which === 'all' || option.type === 'string'))
		.flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/** Options whose value completes to a fixed set: their words (--format) and the values. */
function choicesOf(command: CommandSpec): Array<{words: string[]; values: string}> {
	return Object.entries(command.options).flatMap(([name, option]) =>
		option.choices ? [{words: [`--${name}`, ...(option.short ? [`-${option.short}`] : [])], values: option.choices.join(' ')}] : [],
	);
}

const names = commands.map(command => command.name).join(' ');
const shellNames = shells.join(' ');
// A kind chosen by a flag (bluesky --oauth) is reached through its command's name.
const kindNames = kinds.filter(kind => kind.login.selectedBy === undefined).map(kind => kind.id).join(' ');

/**
 * Both scripts walk the words before the cursor the same way: global options (skipping a
 * value), the command's name, then its options (skipping values) and operands, up to `--`.
 * Per command they know its options, which take a value, what its operands are
 * (account, accounts, login, command, shell or none), and the values of options with choices.
 */
function bashScript(): string {
	const setup = commands
		.map(command => `\t\t${command.name}) flags="${optionWords(command.options).join(' ')}" valued="${optionWords(command.options, 'valued').join(' ')}" operands=${command.completes} ;;`)
		.join('\n');
	const choices = commands
		.flatMap(command => choicesOf(command).map(({words, values}) => `\t\t${command.name}:${words.join(`|${command.name}:`)}) COMPREPLY=($(compgen -W "${values}" -- "$cur")); return ;;`))
		.join('\n');
	return `# tokentop completion for bash. Load it with: source <(tokentop completion bash)
_tokentop_names() {
	local dir="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case "\${COMP_WORDS[i]}" in
			--config-dir) dir="\${COMP_WORDS[i+1]}" ;;
			--config-dir=*) dir="\${COMP_WORDS[i]#--config-dir=}" ;;
		esac
	done
	command tokentop \${dir:+--config-dir "$dir"} list --names 2>/dev/null
}

_tokentop_add_names() {
	local name
	while IFS= read -r name; do
		[[ $name == "$cur"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
	done < <(_tokentop_names)
}

_tokentop() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
	local global_flags="${optionWords(globalOptions).join(' ')}" global_valued="${optionWords(globalOptions, 'valued').join(' ')}"
	local command="" flags="" valued="" operands=none word
	local -i i operand_count=0 after_dashes=0
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		word="\${COMP_WORDS[i]}"
		[[ -n $word ]] && case " $valued $global_valued " in *" $word "*) ((i++)); continue ;; esac
		if [[ -z $command ]]; then
			[[ $word == -* ]] && continue
			command="$word"
			case "$command" in
${setup}
				*) return ;;
			esac
			continue
		fi
		if [[ $word == -- ]]; then after_dashes=$i; break; fi
		[[ $word == -* ]] || ((operand_count++))
	done
	if [[ $prev == --config-dir ]]; then COMPREPLY=($(compgen -d -- "$cur")); return; fi
	if [[ -z $command ]]; then
		if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$global_flags" -- "$cur")); else COMPREPLY=($(compgen -W "${names}" -- "$cur")); fi
		return
	fi
	if ((after_dashes > 0)); then
		# exec: the command to run, then its own arguments.
		if ((COMP_CWORD == after_dashes + 1)); then COMPREPLY=($(compgen -c -- "$cur")); else compopt -o default 2>/dev/null; fi
		return
	fi
	case "$command:$prev" in
${choices}
	esac
	case " $valued " in *" $prev "*) return ;; esac
	if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$flags $global_flags" -- "$cur")); return; fi
	case "$operands" in
		account) ((operand_count == 0)) && _tokentop_add_names ;;
		accounts) _tokentop_add_names ;;
		login) ((operand_count == 0)) && { COMPREPLY=($(compgen -W "${kindNames}" -- "$cur")); _tokentop_add_names; } ;;
		command) ((operand_count == 0)) && COMPREPLY=($(compgen -W "${names}" -- "$cur")) ;;
		shell) ((operand_count == 0)) && COMPREPLY=($(compgen -W "${shellNames}" -- "$cur")) ;;
	esac
}
complete -F _tokentop tokentop
`;
}

function zshScript(): string {
	const setup = commands
		.map(command => `\t\t\t\t${command.name}) flags=(${optionWords(command.options).join(' ')}) valued=(${optionWords(command.options, 'valued').join(' ')}) operands=${command.completes} ;;`)
		.join('\n');
	const choices = commands
		.flatMap(command => choicesOf(command).map(({words, values}) => `\t\t${words.map(word => `${command.name}:${word}`).join('|')}) compadd -- ${values}; return ;;`))
		.join('\n');
	return `#compdef tokentop
# tokentop completion for zsh. Load it with: source <(tokentop completion zsh)
# (after compinit), or save it as _tokentop in a folder of your $fpath.
_tokentop_names() {
	local dir
	integer i
	for ((i = 2; i < CURRENT; i++)); do
		case $words[i] in
			--config-dir) dir=$words[i+1] ;;
			--config-dir=*) dir=\${words[i]#--config-dir=} ;;
		esac
	done
	command tokentop \${dir:+--config-dir} \${dir:+$dir} list --names 2>/dev/null
}

_tokentop() {
	local cur=$words[CURRENT] prev=$words[CURRENT-1]
	local -a global_flags=(${optionWords(globalOptions).join(' ')}) global_valued=(${optionWords(globalOptions, 'valued').join(' ')})
	local -a flags valued
	local command= operands=none word
	integer i operand_count=0 after_dashes=0
	for ((i = 2; i < CURRENT; i++)); do
		word=$words[i]
		if (( \${valued[(Ie)$word]} || \${global_valued[(Ie)$word]} )); then ((i++)); continue; fi
		if [[ -z $command ]]; then
			[[ $word == -* ]] && continue
			command=$word
			case $command in
${setup}
				*) return ;;
			esac
			continue
		fi
		if [[ $word == -- ]]; then after_dashes=$i; break; fi
		[[ $word == -* ]] || ((operand_count++))
	done
	if [[ $prev == --config-dir ]]; then _directories; return; fi
	if [[ -z $command ]]; then
		if [[ $cur == -* ]]; then compadd -- $global_flags; else compadd -- ${names}; fi
		return
	fi
	if ((after_dashes > 0)); then
		if ((CURRENT == after_dashes + 1)); then _command_names; else _files; fi
		return
	fi
	case $command:$prev in
${choices}
	esac
	if (( \${valued[(Ie)$prev]} )); then return; fi
	if [[ $cur == -* ]]; then compadd -- $flags $global_flags; return; fi
	case $operands in
		account) ((operand_count == 0)) && compadd -- \${(f)"$(_tokentop_names)"} ;;
		accounts) compadd -- \${(f)"$(_tokentop_names)"} ;;
		login) ((operand_count == 0)) && compadd -- ${kindNames} \${(f)"$(_tokentop_names)"} ;;
		command) ((operand_count == 0)) && compadd -- ${names} ;;
		shell) ((operand_count == 0)) && compadd -- ${shellNames} ;;
	esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
	_tokentop "$@"
else
	compdef _tokentop tokentop
fi
`;
}

function fishScript(): string {
	const quote = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
	const lines = [
		'# tokentop completion for fish. Load it with: tokentop completion fish | source',
		'function __tokentop_names',
		'\tset -l tokens (commandline -opc)',
		'\tset -l dir',
		'\tfor i in (seq (count $tokens))',
		'\t\tif test "$tokens[$i]" = --config-dir; and test $i -lt (count $tokens)',
		'\t\t\tset dir --config-dir $tokens[(math $i + 1)]',
		'\t\tend',
		'\tend',
		'\tcommand tokentop $dir list --names 2>/dev/null',
		'end',
		'complete -c tokentop -f',
		...optionLinesFish('', globalOptions, quote),
		...commands.map(command => `complete -c tokentop -n __fish_use_subcommand -a ${command.name} -d ${quote(command.summary)}`),
	];
	for (const command of commands) {
		const when = `'__fish_seen_subcommand_from ${command.name}'`;
		lines.push(...optionLinesFish(when, command.options, quote));
		const operands: Record<string, string> = {
			account: `'(__tokentop_names)'`,
			accounts: `'(__tokentop_names)'`,
			login: `'${kindNames} (__tokentop_names)'`,
			command: `'${names}'`,
			shell: `'${shellNames}'`,
		};
		const values = operands[command.completes];
		if (values) lines.push(`complete -c tokentop -n ${when} -a ${values}`);
	}
	return `${lines.join('\n')}\n`;
}

function optionLinesFish(when: string, options: OptionSpecs, quote: (text: string) => string): string[] {
	return Object.entries(options)
		.filter(([, option]) => !option.hidden)
		.map(([name, option]) => {
			const parts = ['complete -c tokentop'];
			if (when) parts.push('-n', when);
			parts.push('-l', name);
			if (option.short) parts.push('-s', option.short);
			if (option.type === 'string') parts.push(name === 'config-dir' ? '-r -a "(__fish_complete_directories)"' : option.choices ? `-x -a ${quote(option.choices.join(' '))}` : '-x');
			parts.push('-d', quote(option.description));
			return parts.join(' ');
		});
}
