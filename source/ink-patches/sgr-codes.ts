/**
 * The ANSI code tokens @alcalzone/ansi-tokenize makes of one SGR sequence (ESC [ … m), without
 * calling its tokenize(), which segments every input into graphemes and so makes the process's
 * first Intl.Segmenter (~26 ms of ICU data loading on the first frame). Mirrors the library's
 * splitCompoundSGRSequences and getEndCode for SGR; pinned to the library by
 * test/ink-patches/sgr-codes.test.ts.
 */
import type {AnsiCode} from '@alcalzone/ansi-tokenize';

/** ansi-styles' [open, close] SGR numbers, as the library's copy (v6) has them. */
const pairs: ReadonlyArray<readonly [number, number]> = [
	[0, 0], [1, 22], [2, 22], [3, 23], [4, 24], [53, 55], [7, 27], [8, 28], [9, 29],
	...[30, 31, 32, 33, 34, 35, 36, 37, 90, 91, 92, 93, 94, 95, 96, 97].map((open) => [open, 39] as const),
	...[40, 41, 42, 43, 44, 45, 46, 47, 100, 101, 102, 103, 104, 105, 106, 107].map((open) => [open, 49] as const),
];
const sgr = (value: number | string) => `\u001B[${value}m`;
const closeOf = new Map<number, number>(pairs);
const endCodes = new Set(pairs.map(([, close]) => sgr(close)));
const endCodeByCode = new Map(pairs.map(([open, close]) => [sgr(open), sgr(close)]));

function endCodeOf(code: string): string {
	if (endCodes.has(code)) return code;
	const known = endCodeByCode.get(code);
	if (known !== undefined) return known;
	const body = code.slice(2);
	if (body.startsWith('38')) return sgr(39);
	if (body.startsWith('48')) return sgr(49);
	const close = closeOf.get(Number.parseInt(body, 10));
	return close === undefined ? sgr(0) : sgr(close);
}

/** `ESC[1;38;5;208m` → `ESC[1m`, `ESC[38;5;208m`: 256 and true colours stay whole. */
function splitCompound(sequence: string): string[] {
	if (!sequence.includes(';')) return [sequence];
	const parts = sequence.slice(2, -1).split(';');
	const codes: string[] = [];
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index]!;
		if (part === '38' || part === '48') {
			if (index + 2 < parts.length && parts[index + 1] === '5') {
				codes.push(parts.slice(index, index + 3).join(';'));
				index += 2;
				continue;
			}
			if (index + 4 < parts.length && parts[index + 1] === '2') {
				codes.push(parts.slice(index, index + 5).join(';'));
				index += 4;
				continue;
			}
		}
		codes.push(part);
	}
	return codes.map(sgr);
}

/** The tokens of one whole SGR sequence (ESC [ digits and semicolons m). */
export function sgrCodes(sequence: string): AnsiCode[] {
	return splitCompound(sequence).map((code) => ({type: 'ansi', code, endCode: endCodeOf(code)}));
}
