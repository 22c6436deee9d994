/**
 * A drop-in for `string-width` (v8) that gives exactly its answer, only cheaper for the text
 * a terminal UI draws. The original segments every non-ASCII string into grapheme clusters
 * with Intl.Segmenter and tests each cluster against `/^\p{RGI_Emoji}$/v`: ~50 µs per call,
 * and ~65 ms for the first call while both warm up. Most of what we draw (box drawing,
 * arrows, ✓ ✗ ›, CJK) is made of BMP code points that always stand alone as a cluster, so
 * the width is the sum of per-code-point widths, looked up in a table. Anything else goes
 * to the original.
 */
import {eastAsianWidth} from 'get-east-asian-width';
import originalStringWidth from 'string-width';
import stripAnsi from 'strip-ansi';

export type Options = {
	readonly ambiguousIsNarrow?: boolean;
	readonly countAnsiEscapeCodes?: boolean;
};

/**
 * Code points that can share a grapheme cluster with a neighbour (UAX #29), so a string
 * holding one needs the segmenter. With all of these excluded no rule from GB3 to GB13 can
 * join two code points, so every remaining one is a cluster by itself:
 * - Surrogates: astral characters (emoji, regional indicators for GB12/13, modifiers) and
 *   lone halves; the table only covers the BMP.
 * - Control: CR × LF (GB3); also ESC and 0x9B, which start the ANSI codes the original strips.
 * - Format: ZWJ (GB9, GB11 emoji sequences), ZWNJ (Extend), and the prepended concatenation
 *   marks U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2 (Prepend, GB9b).
 * - Grapheme_Extend, Emoji_Modifier, Variation_Selector, U+034F: Extend (GB9), including the
 *   viramas that are GB9c's linkers (so GB9c never sees a linker) and VS15/VS16.
 * - Spacing_Mark (gc Mc): SpacingMark (GB9a); U+0E33 and U+0EB3 are SpacingMark though Lo.
 * - U+0D4E: Prepend (GB9b) though Lo.
 * - Hangul jamo (L, V, T) and syllables (LV, LVT): GB6–GB8 join them.
 */
const joins = /[\p{Surrogate}\p{Control}\p{Format}\p{Grapheme_Extend}\p{Emoji_Modifier}\p{Variation_Selector}\u034F\p{Spacing_Mark}\u0E33\u0EB3\u0D4E\u1100-\u11FF\uA960-\uA97F\uAC00-\uD7FF]/u;

/** The original's "not visible" class: a cluster made only of these has width 0. */
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;

/**
 * A single code point is an RGI emoji (Basic_Emoji) exactly when it has Emoji_Presentation;
 * the test checks this against `\p{RGI_Emoji}` for the whole BMP. Far cheaper to compile.
 */
const emojiPresentation = /\p{Emoji_Presentation}/u;

const unknown = -1;
const notSimple = -2;

/** Per BMP code point: its width when it always stands alone, `notSimple`, or `unknown` until first seen. */
const widths = new Int8Array(0x10000).fill(unknown);

/** What the original gives a one-code-point cluster, with the default options. */
function classify(code: number): number {
	const character = String.fromCharCode(code);
	if (joins.test(character)) return notSimple;
	if (invisible.test(character)) return 0;
	if (emojiPresentation.test(character)) return 2;
	return eastAsianWidth(code, {ambiguousAsWide: false});
}

/** Whether a UTF-16 code unit always forms a grapheme cluster by itself (and so takes the table path). */
export function isSimpleCodePoint(code: number): boolean {
	return width(code) !== notSimple;
}

/** The columns a simple code unit takes on its own (what stringWidth gives it), or undefined if it is not simple. */
export function simpleCodeUnitWidth(code: number): number | undefined {
	const value = width(code);
	return value === notSimple ? undefined : value;
}

function width(code: number): number {
	let value = widths[code]!;
	if (value === unknown) {
		value = classify(code);
		widths[code] = value;
	}
	return value;
}

/** Whether the options mean what no options mean, read the way the original reads them. */
function hasDefaultMeaning(options: Options | undefined): boolean {
	if (options === undefined) return true;
	const {ambiguousIsNarrow = true, countAnsiEscapeCodes = false} = options;
	return Boolean(ambiguousIsNarrow) && !countAnsiEscapeCodes;
}

export default function stringWidth(input: unknown, options?: Options): number {
	if (typeof input !== 'string' || input.length === 0) return 0;
	// The original throws on null options (it destructures them); let it.
	if (options === null) return originalStringWidth(input, options);

	// Printable ASCII: one column each, whatever the options (the original's own fast path).
	const {length} = input;
	let index = 0;
	while (index < length) {
		const code = input.charCodeAt(index);
		if (code < 0x20 || code > 0x7e) break;
		index++;
	}
	if (index === length) return length;

	if (!hasDefaultMeaning(options)) return originalStringWidth(input, options);

	const simple = simpleWidth(input, index);
	if (simple !== undefined) return simple;
	// Coloured text: the original measures what is left without the ANSI codes (ESC and 0x9B
	// are never simple, so codes always land here).
	if (input.includes('\u001B') || input.includes('\u009B')) {
		const visible = stripAnsi(input);
		const visibleWidth = simpleWidth(visible, 0);
		if (visibleWidth !== undefined) return visibleWidth;
	}
	return originalStringWidth(input, options);
}

/** The sum of the table widths from `start` on (everything before is printable ASCII), or undefined if a code unit is not simple. */
function simpleWidth(text: string, start: number): number | undefined {
	let total = start;
	for (let index = start; index < text.length; index++) {
		const value = width(text.charCodeAt(index));
		if (value === notSimple) return undefined;
		total += value;
	}
	return total;
}
