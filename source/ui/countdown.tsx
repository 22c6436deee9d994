import {Text} from 'ink';
import React, {memo, useCallback} from 'react';
import {useClockValue} from './clock/clock-context.js';
import {formatCountdown} from './lib/countdown.js';

/** Live `expiresAt − now`; re-renders only when the text changes (once a minute above an hour). */
export const Countdown = memo(function Countdown({until, color}: {until: number; color?: string}) {
	const text = useClockValue(useCallback((now: number) => formatCountdown(until - now), [until]));
	return (
		<Text wrap="truncate-end" color={color}>
			{text}
		</Text>
	);
});
