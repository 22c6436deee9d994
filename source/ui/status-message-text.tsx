import {Text} from 'ink';
import React, {useCallback} from 'react';
import {useClockValue} from './clock/clock-context.js';
import {statusText} from './lib/status-text.js';
import type {StatusMessage} from './store/screen-state.js';
import {useColor} from './theme.js';

export const toneColors = {info: 'cyan', ok: 'green', error: 'red'} as const;

/** The outcome of the last action, one line, until its time is up (errors: until the next key that acts). */
export function StatusMessageText({status, width}: {status: StatusMessage | undefined; width: number}) {
	const color = useColor();
	const until = status?.until;
	const shown = useClockValue(useCallback((now: number) => until === undefined || now < until, [until]));
	if (!status || !shown) return <Text> </Text>;
	return <Text color={color(toneColors[status.tone])}>{statusText(status, width)}</Text>;
}
