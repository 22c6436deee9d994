import {Text} from 'ink';
import React, {memo} from 'react';
import {accessExpiresAt} from '../services/account.js';
import type {AccountEntry} from '../services/manager-api.js';
import {Countdown} from './countdown.js';
import {isFreeAccess} from './lib/expiry-state.js';
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
	width: number;
}

/**
 * One account line, drawn as ONE Text (nested Texts are styled runs, not layout nodes): Ink's
 * cost per frame grows with the number of layout nodes it walks, measures and writes, far
 * more than with the characters in them. Columns are padded to their widths with spaces; the
 * selection highlight covers service and name only, as before.
 * Memoised: a new snapshot only re-renders rows whose entry object was replaced; clock ticks
 * only re-render the badge and countdown inside.
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
			{isFreeAccess(entry) ? '—' : <Countdown until={accessExpiresAt(account)} />}
		</Text>
	);
});
