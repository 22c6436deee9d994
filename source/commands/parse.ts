/**
 * Reading a command line with node:util's parseArgs, strictly and in our own words: an unknown
 * option is named as an option of that command, an option that needs a value and got none says
 * so, a value outside an option's choices lists them. Nothing is silently ignored.
 */
import {parseArgs} from 'node:util';
import {ServiceError} from '../services/errors.js';

export interface OptionSpec {
	type: 'string' | 'boolean';
	short?: string;
	/** May be given more than once (the values are collected in order). */
	multiple?: boolean;
	/** The value's name in usage lines, e.g. SECONDS. */
	value?: string;
	description: string;
	/** The only values it takes: for the message of a wrong one, help and completion. */
	choices?: readonly string[];
	/** For tools (shell completion); not listed by help. */
	hidden?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValue = string | boolean | string[] | undefined;

export interface ParsedLine {
	/** Operands, in order (those after `--` too, unless the command keeps them apart). */
	positionals: string[];
	/** The arguments after `--`, for a command that passes them on as they are (exec); else undefined. */
	passedOn?: string[];
	values: Record<string, OptionValue>;
}

/**
 * Parses `args` against `options`. `where` names the command in messages ("tokentop list").
 * With `keepAfterDashes`, the arguments after the first `--` are returned apart, untouched.
 */
export function parseLine(args: string[], options: OptionSpecs, where: string, help: string, keepAfterDashes = false): ParsedLine {
	const dashes = args.indexOf('--');
	const own = keepAfterDashes && dashes !== -1 ? args.slice(0, dashes) : args;
	const parsed = parseArgs({
		args: own,
		options: Object.fromEntries(
			Object.entries(options).map(([name, spec]) => [name, {type: spec.type, ...(spec.short ? {short: spec.short} : {}), ...(spec.multiple ? {multiple: true} : {})}]),
		),
		// Checked below, so that every message names the option and the command.
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	for (const token of parsed.tokens) {
		if (token.kind !== 'option') continue;
		const spec = options[token.name];
		if (!spec) throw new ServiceError('usage', `unknown option ${token.rawName} for ${where} (see ${help})`);
		if (spec.type === 'boolean' && token.value !== undefined) throw new ServiceError('usage', `${token.rawName} takes no value`);
		if (spec.type === 'string') {
			// A following option is not a value: `--min-valid --json` forgot the number.
			if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
				throw new ServiceError('usage', `${token.rawName} needs ${spec.value ? `a value (${spec.value})` : 'a value'}`);
			}
			if (spec.choices && !spec.choices.includes(token.value)) {
				throw new ServiceError('usage', `${token.rawName} takes ${orList(spec.choices)}, not ${JSON.stringify(token.value)}`);
			}
		}
	}
	return {
		positionals: parsed.positionals,
		...(keepAfterDashes && dashes !== -1 ? {passedOn: args.slice(dashes + 1)} : {}),
		values: parsed.values as Record<string, OptionValue>,
	};
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
	return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

export function stringOption(line: ParsedLine, name: string): string | undefined {
	const value = line.values[name];
	return typeof value === 'string' ? value : undefined;
}

export function listOption(line: ParsedLine, name: string): string[] {
	const value = line.values[name];
	return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function flag(line: ParsedLine, name: string): boolean {
	return line.values[name] === true;
}

/** A whole number of seconds from an option, or `fallback` when it was not given. */
export function secondsOption(line: ParsedLine, name: string, fallback: number): number {
	const text = stringOption(line, name);
	if (text === undefined) return fallback;
	const seconds = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(seconds)) throw new ServiceError('usage', `--${name} takes a whole number of seconds`);
	return seconds;
}
