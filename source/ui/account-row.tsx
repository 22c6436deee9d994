import {Text} from 'ink';
import React, {memo} from 'react';
import type {AccountEntry} from '../services/manager-api.js';
import {cutToColumn, displayWidth, fitColumn} from './lib/fit-column.js';
import {StateBadge} from './state-badge.js';
import {useNoColor} from './theme.js';

/** Column widths of the list; the name takes what is left. */
export const columnWidths = {marker: 2, service: 12, state: 14, timeLeft: 8} as const;

export function nameWidth(listWidth: number): number {
	const {marker, service, state, timeLeft} = columnWidths;
	return Math.max(4, listWidth - marker - service - state - timeLeft);
}

export interface AccountRowProps {
	entry: AccountEntry;
	selected: boolean;
	/** The list's width; the row leaves its last `columnWidths.timeLeft` columns to TimeLeftColumn. */
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
	// Without colours the selection is bold; with colours it is inverted.
	const highlight = selected ? (noColor ? {bold: true} : {inverse: true}) : {};
	const names = nameWidth(width);
	const name = cutToColumn(account.name, names);
	return (
		<Text wrap="truncate-end">
			{selected ? '› ' : '  '}
			<Text {...highlight}>
				{fitColumn(account.service, columnWidths.service)}
				{name}
			</Text>
			{' '.repeat(Math.max(0, names - displayWidth(name)))}
			<StateBadge entry={entry} width={columnWidths.state} />
		</Text>
	);
});
