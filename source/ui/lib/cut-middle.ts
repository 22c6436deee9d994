/**
 * A long value cut in the middle, so both ends stay: a URL keeps its scheme and host, a path
 * its last folders and file. Measured as Ink draws (fit-column's widths).
 */
import {displayWidth, graphemesOf} from './fit-column.js';

/** The text as it is when it fits in `width` cells, else its start, …, and its end, within them. */
export function cutMiddle(text: string, width: number): string {
	if (displayWidth(text) <= width) return text;
	if (width <= 1) return width === 1 ? '…' : '';
	const room = width - 1;
	const head = takeStart(text, headWidth(text, room));
	const tail = takeEnd(text, room - displayWidth(head));
	return `${head}…${tail}`;
}

/**
 * How much of the start to keep: all up to the end of a URL's host, or else all but the last
 * path segment (and what follows it), when that takes no more than two thirds of the room;
 * otherwise half of it.
 */
function headWidth(text: string, room: number): number {
	const most = Math.floor((room * 2) / 3);
	const origin = /^.*?[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i.exec(text)?.[0];
	if (origin && displayWidth(origin) <= most) return displayWidth(origin);
	const lastSegment = text.lastIndexOf('/') > 0 ? text.slice(text.lastIndexOf('/')) : undefined;
	if (!origin && lastSegment && displayWidth(lastSegment) <= most) return room - displayWidth(lastSegment);
	return Math.ceil(room / 2);
}

function takeStart(text: string, width: number): string {
	let used = 0;
	let taken = '';
	for (const grapheme of graphemesOf(text)) {
		const cells = Math.max(1, grapheme.cells);
		if (used + cells > width) break;
		taken += grapheme.text;
		used += cells;
	}
	return taken;
}

function takeEnd(text: string, width: number): string {
	const graphemes = graphemesOf(text);
	let used = 0;
	let start = graphemes.length;
	while (start > 0) {
		const cells = Math.max(1, graphemes[start - 1]!.cells);
		if (used + cells > width) break;
		used += cells;
		start--;
	}
	return graphemes
		.slice(start)
		.map(grapheme => grapheme.text)
		.join('');
}
