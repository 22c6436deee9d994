import React, {memo, useCallback} from 'react';
import {useClockValue} from './clock/clock-context.js';
import {formatCountdown} from './lib/countdown.js';

/**
 * Live `expiresAt − now` as bare text, to be placed inside a <Text> (which styles it): a tick
 * then updates one text node instead of rendering a Text component and its host element.
 * Re-renders only when the text changes (once a minute above an hour).
 */
export const Countdown = memo(function Countdown({until}: {until: number}) {
	const text = useClockValue(useCallback((now: number) => formatCountdown(until - now), [until]));
	return <>{text}</>;
});
