import {Text} from 'ink';
import React, {memo} from 'react';
import type {AccountEntry} from '../services/manager-api.js';
import {cutToColumn, displayWidth, fitColumn} from './lib/fit-column.js';
import {listColumns} from './list-columns.js';
import {StateBadge} from './state-badge.js';
import {useNoColor} from './theme.js';

export interface AccountRowProps {
	entry: AccountEntry;
	selected: boolean;
	/** The list's width; the row leaves its time-left column to TimeLeftColumn. */
	width: number;
}

/**
 * One account line without its time left (the list draws that column for all rows at once,
 * see TimeLeftColumn): ONE Text with styled runs, columns padded to their widths with spaces,
 * the selection highlight over service and name only. Memoised: a new snapshot only
 * re-renders rows whose entry object was replaced; clock ticks only reach the state badge,
 * which re-renders when the state changes.
 */
export const AccountRow = memo(function AccountRow({entry, selected, width}: AccountRowProps) {
	const noColor = useNoColor();
	const {account} = entry;
	const columns = listColumns(width);
	// Without colours the selection is bold; with colours it is inverted.
	const highlight = selected ? (noColor ? {bold: true} : {inverse: true}) : {};
	const name = cutToColumn(account.name, columns.name - 1);
	return (
		<Text wrap="truncate-end">
			{selected ? '› ' : '  '}
			<Text {...highlight}>
				{columns.service > 0 ? fitColumn(account.service, columns.service) : ''}
				{name}
			</Text>
			{' '.repeat(Math.max(0, columns.name - displayWidth(name)))}
			<StateBadge entry={entry} width={columns.state} />
		</Text>
	);
});
