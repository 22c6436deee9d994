import {Box, Text} from 'ink';
import React, {memo} from 'react';
import {accessExpiresAt} from '../services/account.js';
import type {AccountEntry} from '../services/manager-api.js';
import {Countdown} from './countdown.js';
import {isFreeAccess} from './lib/expiry-state.js';
import {cutToColumn, fitColumn} from './lib/fit-column.js';
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
 * One account line. Measured with Ink 6.8: a frame costs about one unit per character written
 * plus a grapheme segmentation of every line that holds a non-ASCII character (string-width),
 * so the long ASCII part (marker, service, name) is one Text whose width a Box sets (Ink's
 * blank cells pad it, no spaces written), and the state's symbol stays in its own short Text.
 * Memoised: a new snapshot only re-renders rows whose entry object was replaced; clock ticks
 * only re-render the badge and countdown inside.
 */
export const AccountRow = memo(function AccountRow({entry, selected, width}: AccountRowProps) {
	const noColor = useNoColor();
	const {account} = entry;
	// Without colours the selection is bold; with colours it is inverted.
	const highlight = selected ? (noColor ? {bold: true} : {inverse: true}) : {};
	const names = nameWidth(width);
	return (
		<Box height={1} width={width}>
			<Box width={columnWidths.marker + columnWidths.service + names} flexShrink={0}>
				<Text wrap="truncate-end">
					{selected ? '› ' : '  '}
					<Text {...highlight}>
						{fitColumn(account.service, columnWidths.service)}
						{cutToColumn(account.name, names)}
					</Text>
				</Text>
			</Box>
			<Box width={columnWidths.state} flexShrink={0}>
				<StateBadge entry={entry} />
			</Box>
			{isFreeAccess(entry) ? <Text>—</Text> : <Countdown until={accessExpiresAt(account)} />}
		</Box>
	);
});
