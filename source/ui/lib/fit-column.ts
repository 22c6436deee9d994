/**
 * Columns inside one line of text: cut with … to at most `width` terminal cells, or padded to
 * exactly that. Cutting here instead of with Ink's wrap="truncate-end" keeps Ink from slicing
 * the line (slice-ansi) on every frame.
 */

/** Cells a character takes in a terminal: 0 for combining marks and joiners, 2 for wide (CJK, emoji). */
export function characterWidth(character: string): number {
	const code = character.codePointAt(0) ?? 0;
	if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0;
	if (code < 0x300) return 1;
	if (zeroWidth.test(character)) return 0;
	if (isWide(code) || emojiPresentation.test(character)) return 2;
	return 1;
}

/** Printable ASCII only: one cell per character, no per-character work. */
const printableAscii = /^[\u0020-\u007E]*$/;

export function displayWidth(text: string): number {
	if (printableAscii.test(text)) return text.length;
	let width = 0;
	for (const character of text) width += characterWidth(character);
	return width;
}

/** The text cut (ending in …) or padded so it takes exactly `width` cells. */
export function fitColumn(text: string, width: number): string {
	const cut = cutToColumn(text, width);
	return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** The text as it is when it fits in `width` cells, else cut to end in … within them. Not padded. */
export function cutToColumn(text: string, width: number): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	let used = 0;
	let cut = '';
	for (const character of text) {
		const cells = characterWidth(character);
		if (used + cells > width - 1) break;
		cut += character;
		used += cells;
	}
	return `${cut}…`;
}

const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\p{Emoji_Modifier}]$/u;
const emojiPresentation = /^\p{Emoji_Presentation}$/u;

function isWide(code: number): boolean {
	return (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0x303e) ||
		(code >= 0x3041 && code <= 0x33ff) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xa000 && code <= 0xa4cf) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x20000 && code <= 0x3fffd)
	);
}
