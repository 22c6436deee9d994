/**
 * `tokentop --help`, `tokentop help COMMAND` and `tokentop COMMAND --help`, made from the
 * registry: each command's own summary, usage lines and options.
 */
import {ServiceError, exitCodes} from '../services/errors.js';
import type {CommandContext} from './context.js';
import type {OptionSpecs, ParsedLine} from './parse.js';
import {type CommandSpec, commandNamed, commands, globalOptions, usageLines} from './registry.js';

const exitCodeLines = [
	'0 ok, 1 anything else, 2 usage, 3 needs login (login refused, refresh refused,',
	'2FA code needed), 4 network or server failure, 5 fetch: the server answered',
	'HTTP 400 or more, 130 cancelled (Ctrl-C at a prompt); exec: the command’s own status',
];

export function generalHelp(): string {
	const width = Math.max(...commands.map(command => command.name.length));
	return [
		'tokentop — top for access tokens',
		'',
		'Usage',
		'  tokentop                    open the full-screen app',
		'  tokentop COMMAND [ARGS…]    run a plain command (tokentop help COMMAND for its options)',
		'',
		'Commands',
		...commands.map(command => `  ${command.name.padEnd(width)}  ${command.summary}`),
		'',
		'Options (for every command)',
		...optionLines(globalOptions),
		'',
		'Exit codes',
		...exitCodeLines.map(text => `  ${text}`),
		'',
		'Examples',
		'  tokentop token me --format curl | curl -K - https://bsky.social/xrpc/com.atproto.server.getSession',
		'  tokentop exec me -- ./my-bot',
		'',
	].join('\n');
}

export function commandHelp(spec: CommandSpec): string {
	const usage = usageLines(spec).map((text, index) => `${index === 0 ? 'Usage: ' : '       '}tokentop ${text}`);
	const options = optionLines(spec.options);
	return [
		...usage,
		'',
		`${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
		...(spec.details ? spec.details.split('\n').flatMap(paragraph => ['', ...wrap(paragraph, 80)]) : []),
		...(options.length > 0 ? ['', 'Options', ...options] : []),
		'',
		'Options for every command: --config-dir DIR, --insecure, --no-color (tokentop --help)',
		'',
	].join('\n');
}

/** Breaks a paragraph into lines of at most `width` characters, at spaces. */
function wrap(paragraph: string, width: number): string[] {
	const lines: string[] = [];
	let current = '';
	for (const word of paragraph.split(' ')) {
		if (current && current.length + 1 + word.length > width) {
			lines.push(current);
			current = word;
		} else current = current ? `${current} ${word}` : word;
	}
	return [...lines, current];
}

function optionLines(options: OptionSpecs): string[] {
	const shown = Object.entries(options)
		.filter(([, option]) => !option.hidden)
		.map(([name, option]) => {
			const short = option.short ? `-${option.short}, ` : '';
			const value = option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : '';
			const repeat = option.multiple ? ' (repeatable)' : '';
			const choices = option.choices ? ` (${option.choices.join(', ')})` : '';
			return [`${short}--${name}${value}`, `${option.description}${choices}${repeat}`] as const;
		});
	const width = Math.max(0, ...shown.map(([left]) => left.length));
	return shown.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/** `tokentop help [COMMAND]`. */
export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const [name, ...extra] = line.positionals;
	if (extra.length > 0) throw new ServiceError('usage', 'Usage: tokentop help [COMMAND]');
	if (name === undefined) {
		context.stdout.write(generalHelp());
		return exitCodes.ok;
	}
	const spec = commandNamed(name);
	if (!spec) throw new ServiceError('usage', `Unknown command "${name}" (see tokentop --help)`);
	context.stdout.write(commandHelp(spec));
	return exitCodes.ok;
}
