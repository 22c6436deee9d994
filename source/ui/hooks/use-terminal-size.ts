import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Fallbacks for streams that do not know their size (pipes, ink-testing-library has no rows). */
export const defaultColumns = 80;
export const defaultRows = 24;

function sizeOf(stream: NodeJS.WriteStream): TerminalSize {
	return {columns: stream.columns || defaultColumns, rows: stream.rows || defaultRows};
}

/** The terminal's size, updated on 'resize'. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => setSize(sizeOf(stdout));
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
