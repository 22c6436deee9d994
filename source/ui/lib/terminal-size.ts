export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Fallbacks for streams that do not know their size (pipes, ink-testing-library has no rows). */
export const defaultColumns = 80;
export const defaultRows = 24;

/** The terminal's size as the stream knows it now. */
export function terminalSizeOf(stream: NodeJS.WriteStream): TerminalSize {
	return {columns: stream.columns || defaultColumns, rows: stream.rows || defaultRows};
}
