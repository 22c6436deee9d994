import {Box, Text} from 'ink';
import React, {memo} from 'react';
import {accessExpiresAt} from '../services/account.js';
import type {AccountEntry} from '../services/manager-api.js';
import {Countdown} from './countdown.js';
import {isFreeAccess} from './lib/expiry-state.js';
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
 * One account line. Memoised: a new snapshot only re-renders rows whose entry object was
 * replaced; clock ticks only re-render the badge and countdown inside.
 */
export const AccountRow = memo(function AccountRow({entry, selected, width}: AccountRowProps) {
	const noColor = useNoColor();
	const {account} = entry;
	// Without colours the selection is bold; with colours it is inverted.
	const highlight = selected ? (noColor ? {bold: true} : {inverse: true}) : {};
	return (
		<Box height={1} width={width}>
			<Box width={columnWidths.marker}>
				<Text>{selected ? '›' : ' '}</Text>
			</Box>
			<Box width={columnWidths.service}>
				<Text wrap="truncate-end" {...highlight}>
					{account.service}
				</Text>
			</Box>
			<Box width={nameWidth(width)}>
				<Text wrap="truncate-end" {...highlight}>
					{account.name}
				</Text>
			</Box>
			<Box width={columnWidths.state}>
				<StateBadge entry={entry} />
			</Box>
			<Box width={columnWidths.timeLeft}>
				{isFreeAccess(entry) ? <Text>—</Text> : <Countdown until={accessExpiresAt(account)} />}
			</Box>
		</Box>
	);
});
