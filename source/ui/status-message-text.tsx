import {Text} from 'ink';
import React from 'react';
import type {StatusMessage} from './store/screen-state.js';
import {useColor} from './theme.js';

const toneColors = {info: 'cyan', ok: 'green', error: 'red'} as const;
/** A symbol per tone, so outcomes read the same without colour. */
export const toneSymbols = {info: '›', ok: '✓', error: '✗'} as const;

/** The outcome of the last action, one line. */
export function StatusMessageText({status}: {status: StatusMessage | undefined}) {
	const color = useColor();
	if (!status) return <Text> </Text>;
	return (
		<Text wrap="truncate-end" color={color(toneColors[status.tone])}>
			{toneSymbols[status.tone]} {status.text}
			{status.detail ? `: ${status.detail}` : ''}
		</Text>
	);
}
