import {Box, Text} from 'ink';
import React from 'react';
import {AccountRow, columnWidths, nameWidth} from './account-row.js';
import {visibleWindow} from './lib/visible-window.js';
import {useUiState} from './state/ui-contexts.js';

/**
 * The account list: column titles and only the rows that fit (a window around the selection).
 * Every line is one truncated Text and there are never more than `height` of them, so the pane
 * needs no clipping (overflow="hidden" would make Ink slice every line on every frame).
 */
export function AccountList({width, height}: {width: number; height: number}) {
	const {view, selectedIndex, top, pageSize, filter} = useUiState();
	const {start, end} = visibleWindow(top, pageSize, view.length);
	const rows = view.slice(start, end);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text wrap="truncate-end">
				<Text bold>
					{'  '}
					{'SERVICE'.padEnd(columnWidths.service)}
					{'NAME'.padEnd(nameWidth(width))}
					{'STATE'.padEnd(columnWidths.state)}
					{'LEFT'}
				</Text>
				{rows.length === 0 ? `\n  no account matches “${filter.text}”` : null}
				{rows.map((entry, offset) => (
					<React.Fragment key={entry.account.id}>
						{'\n'}
						<AccountRow entry={entry} selected={start + offset === selectedIndex} width={width} />
					</React.Fragment>
				))}
			</Text>
		</Box>
	);
}
