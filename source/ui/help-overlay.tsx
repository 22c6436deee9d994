import {Box, Text} from 'ink';
import React from 'react';
import {helpLines} from './keys/help-lines.js';
import {cutToColumn} from './lib/fit-column.js';
import {visibleWindow} from './lib/visible-window.js';
import {useUi} from './store/use-ui.js';

const keysWidth = 18;

/** The `?` overlay: every key (from the key table), a window of it at a time; ↑↓ PgUp PgDn scroll. */
export function HelpOverlay({width, height}: {width: number; height: number}) {
	const top = useUi((view) => view.state.screen.helpTop);
	const page = Math.max(1, height - 1);
	const {start, end} = visibleWindow(top, page, helpLines.length);
	const position = helpLines.length > page ? `  ${start + 1}–${end} of ${helpLines.length}, ↑↓ PgUp PgDn scroll` : '';
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingLeft={1}>
			<Text wrap="truncate-end">
				<Text bold>Keys</Text>
				{position}
			</Text>
			{helpLines.slice(start, end).map((line, index) =>
				line.kind === 'heading' ? (
					<Text key={index} bold underline wrap="truncate-end">
						{line.text}
					</Text>
				) : (
					<Box key={index} height={1}>
						<Box width={keysWidth} flexShrink={0}>
							<Text bold>{cutToColumn(line.keys, keysWidth - 1)}</Text>
						</Box>
						<Text wrap="truncate-end">{line.text}</Text>
					</Box>
				),
			)}
		</Box>
	);
}
