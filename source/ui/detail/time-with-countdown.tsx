import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import {useClockValue} from '../clock/clock-context.js';
import {formatCountdown} from '../../rules/time-format.js';
import {formatLocalTime} from '../../rules/time-format.js';

/** `2025-01-31 14:05:09 (in 1h 59m)`: the local time and the live time left. */
export const TimeWithCountdown = memo(function TimeWithCountdown({at}: {at: number}) {
	const left = useClockValue(useCallback((now: number) => (at - now <= 0 ? 'expired' : `in ${formatCountdown(at - now)}`), [at]));
	return (
		<Text>
			{formatLocalTime(at)} ({left})
		</Text>
	);
});
