import {Box, Text} from 'ink';
import React from 'react';
import {AccountRow} from './account-row.js';
import {visibleWindow} from './lib/visible-window.js';
import {columnTitles, listColumns} from './list-columns.js';
import {TimeLeftColumn} from './time-left-column.js';
import {filterText} from './filter/filter-state.js';
import {shallowEqual, useUi} from './store/use-ui.js';

/**
 * The account list: column titles and only the rows that fit (a window around the selection).
 * Every row is one truncated Text, the time-left column one Text for all rows (the only part a
 * clock tick changes), and there are never more than `height` lines, so the pane needs no
 * clipping (overflow="hidden" would make Ink slice every line on every frame).
 */
export function AccountList({width, height}: {width: number; height: number}) {
	const {entries, selectedIndex, top, pageSize, filter} = useUi(
		(view) => ({entries: view.entries, selectedIndex: view.selectedIndex, top: view.top, pageSize: view.pageSize, filter: filterText(view.state.filter)}),
		shallowEqual,
	);
	const {start, end} = visibleWindow(top, pageSize, entries.length);
	const rows = entries.slice(start, end);
	const columns = listColumns(width);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text bold wrap="truncate-end">
				{columnTitles(columns)}
			</Text>
			{rows.length === 0 ? (
				<Text wrap="truncate-end">  no account matches “{filter}”</Text>
			) : (
				<Box>
					<Box flexDirection="column" width={Math.max(0, width - columns.timeLeft)} flexShrink={0}>
						{rows.map((entry, offset) => (
							<AccountRow key={entry.account.id} entry={entry} selected={start + offset === selectedIndex} width={width} />
						))}
					</Box>
					<TimeLeftColumn rows={rows} width={columns.timeLeft} />
				</Box>
			)}
		</Box>
	);
}
