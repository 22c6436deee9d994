import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import type {AccountEntry} from '../services/manager-api.js';
import {useClockValue} from './clock/clock-context.js';
import {displayStateOf, nextDisplayChangeAt} from '../rules/account-state.js';
import {fitColumn} from './lib/fit-column.js';
import {stateLooks} from '../rules/account-state.js';
import {useColor} from './theme.js';

/**
 * Symbol + word + colour of the account's state; re-renders only when the state changes.
 * With a width it is a column of a row: cut or padded to exactly that many cells.
 */
export const StateBadge = memo(function StateBadge({entry, width}: {entry: AccountEntry; width?: number}) {
	const color = useColor();
	const state = useClockValue(
		useCallback((now: number) => displayStateOf(entry, now), [entry]),
		useCallback((now: number) => nextDisplayChangeAt(entry, now), [entry]),
	);
	const look = stateLooks[state];
	const label = `${look.symbol} ${look.word}`;
	return (
		<Text wrap="truncate-end" color={color(look.color)}>
			{width === undefined ? label : fitColumn(label, width)}
		</Text>
	);
});
