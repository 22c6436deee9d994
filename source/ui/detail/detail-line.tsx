import {Box, Text} from 'ink';
import React, {type ReactNode} from 'react';
import {useNoColor} from '../theme.js';

export const labelWidth = 16;

/** `label          value`, one line, cut at the pane's edge. */
export function DetailLine({label, children}: {label: string; children: ReactNode}) {
	// Dim is an attribute, not a colour, but --no-color means plain text: no styling at all here.
	const noColor = useNoColor();
	return (
		<Box height={1}>
			<Box width={labelWidth} flexShrink={0}>
				<Text dimColor={!noColor}>{label}</Text>
			</Box>
			<Text wrap="truncate-end">{children}</Text>
		</Box>
	);
}
