/** A small, strict argument parser: unknown flags are usage errors, never silently ignored. */
import {ServiceError} from '../services/errors.js';

export interface FlagSpec {
	/** Takes a value (`--name X` or `--name=X`). */
	value?: boolean;
}

export interface ParsedArgs {
	positionals: string[];
	flags: Map<string, string | true>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): ParsedArgs {
	const positionals: string[] = [];
	const flags = new Map<string, string | true>();
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') {
			positionals.push(...argv.slice(index + 1));
			break;
		}
		if (!arg.startsWith('-') || arg === '-') {
			positionals.push(arg);
			continue;
		}
		const [rawName, inlineValue] = arg.startsWith('--') ? splitOnce(arg.slice(2), '=') : [shortFlags[arg] ?? arg, undefined];
		const name = rawName.replace(/^-+/, '');
		const flag = spec[name];
		if (!flag) throw new ServiceError('usage', `Unknown option ${arg} (see tokentop --help)`);
		if (!flag.value) {
			if (inlineValue !== undefined) throw new ServiceError('usage', `--${name} takes no value`);
			flags.set(name, true);
			continue;
		}
		const value = inlineValue ?? argv[++index];
		if (value === undefined || (inlineValue === undefined && value.startsWith('--'))) {
			throw new ServiceError('usage', `--${name} needs a value`);
		}
		flags.set(name, value);
	}
	return {positionals, flags};
}

const shortFlags: Record<string, string> = {'-h': 'help', '-v': 'version'};

function splitOnce(text: string, separator: string): [string, string | undefined] {
	const at = text.indexOf(separator);
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
	const value = args.flags.get(name);
	return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
	return args.flags.get(name) === true;
}
