import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import {LiveText} from '../live/live-text.js';
import {formatCountdown, formatLocalTime, formatPreciseCountdown} from '../../rules/time-format.js';

/**
 * `2025-01-31 14:05:09 (in 1h 59m)`: the local time and the live time left. `precise` shows
 * seconds at any length (`in 1:59:42`): only the pane's access countdown is precise. The time
 * left is a live text: a tick paints it in place (see live-painter.ts) instead of re-rendering.
 */
export const TimeWithCountdown = memo(function TimeWithCountdown({at, precise = false}: {at: number; precise?: boolean}) {
	const left = useCallback(
		(now: number) => {
			if (at - now > 0) return `in ${precise ? formatPreciseCountdown(at - now) : formatCountdown(at - now)}`;
			return precise ? `expired ${formatPreciseCountdown(now - at + 1000)} ago` : 'expired';
		},
		[at, precise],
	);
	return (
		<Text>
			{formatLocalTime(at)} (<LiveText select={left} />)
		</Text>
	);
});
