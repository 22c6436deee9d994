import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import type {AccountEntry} from '../services/manager-api.js';
import {useClockValue} from './clock/clock-context.js';
import {displayStateOf} from './lib/expiry-state.js';
import {stateLooks} from './lib/state-look.js';
import {useColor} from './theme.js';

/** Symbol + word + colour of the account's state; re-renders only when the state changes. */
export const StateBadge = memo(function StateBadge({entry}: {entry: AccountEntry}) {
	const color = useColor();
	const state = useClockValue(useCallback((now: number) => displayStateOf(entry, now), [entry]));
	const look = stateLooks[state];
	return (
		<Text wrap="truncate-end" color={color(look.color)}>
			{look.symbol} {look.word}
		</Text>
	);
});
