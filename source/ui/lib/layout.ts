/**
 * How the screen is cut up. Everything fits in rows − 1 lines: an output as tall as the
 * terminal makes Ink clear the screen on every frame, which flickers.
 */

/** Header, status line and key hints. */
export const chromeLines = 3;
/** From this width the list and the detail pane sit side by side. */
export const sideBySideColumns = 100;
/** Terminals smaller than this only get a one-line note. */
export const smallestRows = 8;
export const smallestColumns = 40;

export interface ScreenLayout {
	/** Lines drawn in total (rows − 1). */
	height: number;
	width: number;
	tooSmall: boolean;
	stacked: boolean;
	/** Lines of the list pane including its column titles. */
	listHeight: number;
	listWidth: number;
	detailHeight: number;
	detailWidth: number;
}

export function computeLayout(columns: number, rows: number): ScreenLayout {
	const height = Math.max(1, rows - 1);
	const width = Math.max(1, columns);
	const bodyHeight = height - chromeLines;
	const tooSmall = rows < smallestRows || columns < smallestColumns;
	if (tooSmall) {
		return {height, width, tooSmall, stacked: true, listHeight: 0, listWidth: width, detailHeight: 0, detailWidth: width};
	}
	if (columns >= sideBySideColumns) {
		// Half the width, but the list stops growing at 72 columns: the detail pane needs it more.
		const listWidth = Math.min(Math.max(Math.floor(columns * 0.5), 50), 72);
		return {
			height,
			width,
			tooSmall,
			stacked: false,
			listHeight: bodyHeight,
			listWidth,
			detailHeight: bodyHeight,
			detailWidth: columns - listWidth,
		};
	}
	// Stacked: the list gets about 40 % (at least a title and 2 rows), the detail pane the rest.
	const listHeight = Math.max(3, Math.floor(bodyHeight * 0.4));
	return {
		height,
		width,
		tooSmall,
		stacked: true,
		listHeight,
		listWidth: width,
		detailHeight: bodyHeight - listHeight,
		detailWidth: width,
	};
}
