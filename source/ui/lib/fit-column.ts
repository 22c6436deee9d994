/**
 * Columns inside one line of text: cut with … to at most `width` terminal cells, or padded to
 * exactly that. Cutting here instead of with Ink's wrap="truncate-end" keeps Ink from slicing
 * the line (slice-ansi) on every frame.
 *
 * Widths are Ink's own: string-width 8 (the bundle runs it as source/ink-patches/string-width.ts,
 * the same answers for every input), taken a grapheme at a time as Ink's Output places them.
 * A grapheme that takes no cells (a zero-width space, a control, a mark with nothing to sit
 * on) is left out: Ink's Output would still give it a cell of its own while Yoga and the
 * terminal give it none, so the column would end in a different place for each of them.
 */
import stringWidth, {simpleCodeUnitWidth} from '../../ink-patches/string-width.js';

/** Printable ASCII only: one cell per character, no per-character work. */
const printableAscii = /^[\u0020-\u007E]*$/;

export interface Grapheme {
	readonly text: string;
	readonly cells: number;
}

let segmenter: Intl.Segmenter | undefined;

/** The text's graphemes (as Ink's tokenizer splits them) and the cells string-width gives each. */
/** The text's graphemes with the cells Ink gives each (zero-width ones included, as 0). */
export function graphemesOf(text: string): Grapheme[] {
	const graphemes: Grapheme[] = [];
	// Code units that always stand alone as a grapheme need no segmenter (nor its ~26 ms of ICU data).
	for (let index = 0; index < text.length; index++) {
		const cells = simpleCodeUnitWidth(text.charCodeAt(index));
		if (cells === undefined) {
			segmenter ??= new Intl.Segmenter();
			return Array.from(segmenter.segment(text), ({segment}) => ({text: segment, cells: stringWidth(segment)}));
		}
		graphemes.push({text: text.charAt(index), cells});
	}
	return graphemes;
}

/** The cells of a text whose code units each stand alone and take a cell or two (most of what the app draws), else undefined. */
function plainCells(text: string): number | undefined {
	let total = 0;
	for (let index = 0; index < text.length; index++) {
		const cells = simpleCodeUnitWidth(text.charCodeAt(index));
		if (!cells) return undefined;
		total += cells;
	}
	return total;
}

/** Cells the text takes as Ink draws it (each grapheme at least one). */
export function displayWidth(text: string): number {
	if (printableAscii.test(text)) return text.length;
	const plain = plainCells(text);
	if (plain !== undefined) return plain;
	let width = 0;
	for (const {cells} of graphemesOf(text)) width += Math.max(1, cells);
	return width;
}

/** The text cut (ending in …) or padded so it takes exactly `width` cells. */
export function fitColumn(text: string, width: number): string {
	const cut = cutToColumn(text, width);
	return cut + ' '.repeat(Math.max(0, width - displayWidth(cut)));
}

/** The text as it is when it fits in `width` cells, else cut to end in … within them. Not padded; graphemes of no width left out. */
export function cutToColumn(text: string, width: number): string {
	if (width <= 0) return '';
	if (printableAscii.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
	if ((plainCells(text) ?? Number.POSITIVE_INFINITY) <= width) return text;
	const graphemes = graphemesOf(text);
	const visible = graphemes.filter(({cells}) => cells > 0);
	const shown = visible.length === graphemes.length ? text : visible.map(grapheme => grapheme.text).join('');
	let used = 0;
	for (const {cells} of visible) used += cells;
	if (used <= width) return shown;
	used = 0;
	let cut = '';
	for (const {text: grapheme, cells} of visible) {
		if (used + cells > width - 1) break;
		cut += grapheme;
		used += cells;
	}
	return `${cut}…`;
}
