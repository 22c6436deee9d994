/** Which slice of a long list is drawn: only these rows become components. */

export type Movement = 'up' | 'down' | 'page-up' | 'page-down' | 'first' | 'last';

export function clamp(value: number, lowest: number, highest: number): number {
	return Math.min(Math.max(value, lowest), highest);
}

/** The index a movement key leads to, staying inside the list. */
export function moveIndex(index: number, movement: Movement, total: number, pageSize: number): number {
	if (total <= 0) return 0;
	const page = Math.max(1, pageSize);
	const target = {
		up: index - 1,
		down: index + 1,
		'page-up': index - page,
		'page-down': index + page,
		first: 0,
		last: total - 1,
	}[movement];
	return clamp(target, 0, total - 1);
}

/** First visible row after scrolling just enough to show `index` (like a terminal pager). */
export function keepInView(top: number, index: number, height: number, total: number): number {
	if (height <= 0 || total <= height) return 0;
	let nextTop = top;
	if (index < nextTop) nextTop = index;
	if (index >= nextTop + height) nextTop = index - height + 1;
	return clamp(nextTop, 0, total - height);
}

export interface VisibleWindow {
	start: number;
	/** Exclusive. */
	end: number;
}

export function visibleWindow(top: number, height: number, total: number): VisibleWindow {
	const start = clamp(top, 0, Math.max(0, total - 1));
	return {start, end: Math.min(total, start + Math.max(0, height))};
}
