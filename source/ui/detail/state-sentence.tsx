import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import type {AccountEntry} from '../../services/manager-api.js';
import {stateSentence} from '../../rules/account-state.js';
import {useClockValue} from '../clock/clock-context.js';
import {cutToColumn} from '../lib/fit-column.js';

/** The pane's status line: "expired 7m ago", "error — token still valid 1h 02m: <why>". Changes at most once a minute for long times. */
export const StateSentence = memo(function StateSentence({entry, width}: {entry: AccountEntry; width: number}) {
	const sentence = useClockValue(useCallback((now: number) => stateSentence(entry, now), [entry]));
	const {statusMessage} = entry.account;
	// "moved to HOST — log in again" says its state itself: no "moved: moved to …".
	const text = !statusMessage ? sentence : statusMessage.startsWith(sentence) ? statusMessage : `${sentence}: ${statusMessage}`;
	return <Text>{cutToColumn(text, width)}</Text>;
});
