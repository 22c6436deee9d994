/** The status line's text for a width: the key words stay whole, the detail is cut first. */
import type {StatusMessage} from '../store/screen-state.js';
import {cutMiddle} from './cut-middle.js';
import {cutToColumn, displayWidth} from './fit-column.js';

/** A symbol per tone, so outcomes read the same without colour. */
export const toneSymbols = {info: '›', ok: '✓', error: '✗'} as const;

/** Below this many cells a cut detail says nothing: leave it out. */
const shortestDetail = 6;

export function statusText(status: StatusMessage, width: number): string {
	const head = `${toneSymbols[status.tone]} ${status.text}`;
	if (displayWidth(head) > width) return cutMiddle(head, width);
	if (!status.detail) return head;
	const joiner = status.joiner ?? ': ';
	const full = `${head}${joiner}${status.detail}`;
	if (displayWidth(full) <= width) return full;
	const room = width - displayWidth(head) - displayWidth(joiner);
	return room < shortestDetail ? head : `${head}${joiner}${cutToColumn(status.detail, room)}`;
}
