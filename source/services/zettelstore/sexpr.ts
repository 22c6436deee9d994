/**
 * A small, strict reader (and printer) for Zettelstore's s-expressions (the `sx` syntax).
 *
 * Syntax, as the sx reader of Zettelstore reads it:
 * - lists in parentheses, elements separated by whitespace;
 * - strings in double quotes; backslash escapes `\"` `\\` `\n` `\r` `\t`, `\xHH` (2 hex digits),
 *   `\uHHHH` (4), `\UHHHHHH` (6 hex digits, as sx writes them); any other escaped character
 *   stands for itself (`\a` is `a`), as in sx;
 * - integers: an optional sign and decimal digits, of any length;
 * - symbols: any other run of characters up to whitespace, a control character or one of
 *   `( ) " ; ' \` , # .`;
 * - `;` starts a comment up to the end of the line.
 * Quote forms (`'x`, `` `x ``, `,x`), dotted pairs and `#` are sx features no answer of the
 * API uses: they are reported as errors here rather than half-supported.
 *
 * Integers within Number.MAX_SAFE_INTEGER stay `number` (zids like 20260101000001 fit);
 * bigger ones become `bigint`, so nothing is ever rounded.
 *
 * Positions are offsets into the input string (UTF-16 code units, i.e. JavaScript string
 * indices). readSexpr returns a value or throws SexprParseError, nothing else, and works
 * without recursion, so no input can overflow the stack; the nesting depth is capped anyway.
 */

export type SexprValue = SexprList | SexprString | SexprInteger | SexprSymbol;

export interface SexprList {
	type: 'list';
	items: SexprValue[];
}

export interface SexprString {
	type: 'string';
	value: string;
}

export interface SexprInteger {
	type: 'integer';
	/** `number` when it is a safe integer, else `bigint` (exact). */
	value: number | bigint;
}

export interface SexprSymbol {
	type: 'symbol';
	name: string;
}

export class SexprParseError extends Error {
	override readonly name = 'SexprParseError';
	constructor(
		message: string,
		/** Offset into the input where the problem is (or where the unfinished part started). */
		readonly position: number,
	) {
		super(message);
	}
}

/** Deeper than this is not an answer of the API but an attack or a bug. */
export const maxNestingDepth = 1000;

/** Characters that end a symbol or number (besides whitespace and control characters). */
const delimiters = new Set(['(', ')', '"', ';', "'", '`', ',', '#', '.']);
const controlOrSeparator = /^[\p{C}\p{Z}]$/u;
const whitespace = /^\s$/u;

function isSpace(char: string): boolean {
	return char <= ' ' || whitespace.test(char);
}

function isTerminal(char: string): boolean {
	return delimiters.has(char) || controlOrSeparator.test(char) || isSpace(char);
}

/** A character for a message: printable ones quoted, others as U+XXXX. */
function showChar(char: string): string {
	const code = char.codePointAt(0) ?? 0;
	if (controlOrSeparator.test(char)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
	return `'${char}'`;
}

/** Reads exactly one s-expression; whitespace and comments may surround it, nothing else. */
export function readSexpr(text: string): SexprValue {
	if (typeof text !== 'string') throw new SexprParseError('input is not a string', 0);
	const reader = new Reader(text);
	const value = reader.readValue();
	reader.skipSpaceAndComments();
	if (reader.position < text.length) {
		throw new SexprParseError(`expected end of input at ${reader.position}`, reader.position);
	}
	return value;
}

class Reader {
	position = 0;
	constructor(private readonly text: string) {}

	/** The character (code point) at the current position, or undefined at the end. */
	private peek(): string | undefined {
		if (this.position >= this.text.length) return undefined;
		const code = this.text.codePointAt(this.position)!;
		return String.fromCodePoint(code);
	}

	skipSpaceAndComments(): void {
		for (;;) {
			const char = this.peek();
			if (char === undefined) return;
			if (char === ';') {
				const end = this.text.indexOf('\n', this.position);
				this.position = end === -1 ? this.text.length : end + 1;
			} else if (isSpace(char)) {
				this.position += char.length;
			} else {
				return;
			}
		}
	}

	/** Reads one value; lists are built with an explicit stack instead of recursion. */
	readValue(): SexprValue {
		const open: {items: SexprValue[]; start: number}[] = [];
		for (;;) {
			this.skipSpaceAndComments();
			const start = this.position;
			const char = this.peek();
			let value: SexprValue;
			if (char === undefined) {
				const innermost = open.at(-1);
				if (innermost) throw new SexprParseError(`unterminated list starting at ${innermost.start}`, innermost.start);
				throw new SexprParseError(`unexpected end of input at ${start}`, start);
			} else if (char === '(') {
				if (open.length >= maxNestingDepth) {
					throw new SexprParseError(`lists nested deeper than ${maxNestingDepth} at ${start}`, start);
				}
				this.position += 1;
				open.push({items: [], start});
				continue;
			} else if (char === ')') {
				const finished = open.pop();
				if (!finished) throw new SexprParseError(`unexpected ')' at ${start}`, start);
				this.position += 1;
				value = {type: 'list', items: finished.items};
			} else if (char === '"') {
				value = this.readString();
			} else if (delimiters.has(char) || controlOrSeparator.test(char)) {
				throw new SexprParseError(`unexpected ${showChar(char)} at ${start}`, start);
			} else {
				value = this.readAtom();
			}
			const parent = open.at(-1);
			if (!parent) return value;
			parent.items.push(value);
		}
	}

	private readString(): SexprString {
		const start = this.position;
		this.position += 1;
		const parts: string[] = [];
		let chunkStart = this.position;
		for (;;) {
			const index = this.position;
			if (index >= this.text.length) throw new SexprParseError(`unterminated string starting at ${start}`, start);
			const char = this.text[index]!;
			if (char === '"') {
				parts.push(this.text.slice(chunkStart, index));
				this.position = index + 1;
				return {type: 'string', value: parts.join('')};
			}
			if (char !== '\\') {
				this.position += 1;
				continue;
			}
			parts.push(this.text.slice(chunkStart, index));
			parts.push(this.readEscape(start));
			chunkStart = this.position;
		}
	}

	/** At a backslash inside the string that started at `stringStart`. */
	private readEscape(stringStart: number): string {
		const escapeStart = this.position;
		this.position += 1;
		const char = this.peek();
		if (char === undefined) throw new SexprParseError(`unterminated string starting at ${stringStart}`, stringStart);
		this.position += char.length;
		switch (char) {
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'x':
				return this.readHexEscape(escapeStart, 2, stringStart);
			case 'u':
				return this.readHexEscape(escapeStart, 4, stringStart);
			case 'U':
				return this.readHexEscape(escapeStart, 6, stringStart);
			default:
				// `\"`, `\\` and every other character stand for themselves, as in sx.
				return char;
		}
	}

	private readHexEscape(escapeStart: number, digits: number, stringStart: number): string {
		const hex = this.text.slice(this.position, this.position + digits);
		const letter = this.text[escapeStart + 1];
		const allHex = /^[0-9A-Fa-f]*$/.test(hex);
		// Only hex digits but too few of them: the input ended inside the string.
		if (allHex && hex.length < digits) throw new SexprParseError(`unterminated string starting at ${stringStart}`, stringStart);
		if (!allHex) {
			throw new SexprParseError(`bad escape \\${letter} at ${escapeStart}: expected ${digits} hex digits`, escapeStart);
		}
		this.position += digits;
		const code = Number.parseInt(hex, 16);
		if (code > 0x10ffff) {
			throw new SexprParseError(`bad escape \\${letter}${hex} at ${escapeStart}: not a Unicode code point`, escapeStart);
		}
		// Lone surrogates become U+FFFD, as Go does when sx writes such a rune.
		if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
		return String.fromCodePoint(code);
	}

	/** An integer if it looks like one (sign and digits only), else a symbol, like sx. */
	private readAtom(): SexprInteger | SexprSymbol {
		const start = this.position;
		for (;;) {
			const char = this.peek();
			if (char === undefined || isTerminal(char)) break;
			this.position += char.length;
		}
		const token = this.text.slice(start, this.position);
		if (/^[+-]?\d+$/.test(token)) return {type: 'integer', value: integerValue(token)};
		return {type: 'symbol', name: token};
	}
}

function integerValue(token: string): number | bigint {
	const big = BigInt(token);
	const small = Number(big);
	return Number.isSafeInteger(small) ? small : big;
}

/** Prints a value in the syntax readSexpr reads, escaping strings the way sx does. */
export function printSexpr(value: SexprValue): string {
	switch (value.type) {
		case 'list':
			return `(${value.items.map(item => printSexpr(item)).join(' ')})`;
		case 'string':
			return printString(value.value);
		case 'integer':
			return value.value.toString();
		case 'symbol':
			return value.name;
	}
}

const graphic = /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u;

function printString(text: string): string {
	let out = '"';
	for (const char of text) {
		switch (char) {
			case '"':
				out += '\\"';
				break;
			case '\\':
				out += '\\\\';
				break;
			case '\t':
				out += '\\t';
				break;
			case '\n':
				out += '\\n';
				break;
			case '\r':
				out += '\\r';
				break;
			default: {
				if (graphic.test(char)) {
					out += char;
					break;
				}
				const code = char.codePointAt(0)!;
				const hex = code.toString(16).toUpperCase();
				if (code <= 0xff) out += `\\x${hex.padStart(2, '0')}`;
				else if (code <= 0xffff) out += `\\u${hex.padStart(4, '0')}`;
				else out += `\\U${hex.padStart(6, '0')}`;
			}
		}
	}
	return `${out}"`;
}

/** Builders, so callers need not spell out the object shapes. */
export const sx = {
	list: (...items: SexprValue[]): SexprList => ({type: 'list', items}),
	string: (value: string): SexprString => ({type: 'string', value}),
	integer: (value: number | bigint): SexprInteger => ({type: 'integer', value}),
	symbol: (name: string): SexprSymbol => ({type: 'symbol', name}),
};

/**
 * A short description of a value's shape for error messages: never the content of a
 * string or symbol, since an answer's strings may be tokens.
 */
export function describeSexpr(value: SexprValue): string {
	switch (value.type) {
		case 'list':
			return `a list of ${value.items.length}`;
		case 'string':
			return 'a string';
		case 'integer':
			return 'an integer';
		case 'symbol':
			return 'a symbol';
	}
}

/** The value as a safe integer, or undefined if it is not one. */
export function safeIntegerOf(value: SexprValue | undefined): number | undefined {
	return value?.type === 'integer' && typeof value.value === 'number' ? value.value : undefined;
}

/** The value as a string, or undefined if it is not one. */
export function stringOf(value: SexprValue | undefined): string | undefined {
	return value?.type === 'string' ? value.value : undefined;
}
