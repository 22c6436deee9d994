import React, {memo, useCallback} from 'react';
import {accessExpiresAt} from '../services/account.js';
import type {AccountEntry} from '../services/manager-api.js';
import {LiveText} from './live/live-text.js';
import {formatCountdown} from '../rules/time-format.js';
import {isFreeAccess} from '../rules/account-state.js';
import {cutToColumn} from './lib/fit-column.js';

/**
 * The LEFT column of the list: every visible row's time left, one line each, as ONE Text with
 * ONE clock subscription, a live text: a tick paints the column in place (live-painter.ts) or,
 * when it cannot, re-renders this one component, and the rest of the list is left alone. Lines
 * are cut to the column, so Ink never truncates.
 */
export const TimeLeftColumn = memo(function TimeLeftColumn({rows, width}: {rows: readonly AccountEntry[]; width: number}) {
	const lines = useCallback(
		(now: number) => rows.map((entry) => cutToColumn(isFreeAccess(entry) ? '—' : formatCountdown(accessExpiresAt(entry.account) - now), width)).join('\n'),
		[rows, width],
	);
	return <LiveText select={lines} />;
});
