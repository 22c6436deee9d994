/** Texts and the terminal cells a reader sees them take: the app's width function and the patched string-width must both agree. */
export const readerWidths: ReadonlyArray<readonly [text: string, cells: number]> = [
	['bluesky', 7],
	['✓ ok', 4],
	['› zs-00001', 10],
	['─│┌┐', 4],
	['中文', 4],
	['日本語', 6],
	['😀', 2],
	['👍🏽', 2],
	['e\u0301', 1],
];
