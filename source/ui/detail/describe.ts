/** Wording for the detail pane: pure, so it is tested without rendering. */

/** Splits a revealed token into lines of the pane's width, so it never wraps past the pane. */
export function chunkText(text: string, width: number): string[] {
	const size = Math.max(1, width);
	const chunks: string[] = [];
	for (let start = 0; start < text.length; start += size) chunks.push(text.slice(start, start + size));
	return chunks;
}
