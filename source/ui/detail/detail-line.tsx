import {Box, Text} from 'ink';
import React, {type ReactNode} from 'react';

export const labelWidth = 16;

/** `label          value`, one line, cut at the pane's edge. */
export function DetailLine({label, children}: {label: string; children: ReactNode}) {
	return (
		<Box height={1}>
			<Box width={labelWidth} flexShrink={0}>
				<Text dimColor>{label}</Text>
			</Box>
			<Text wrap="truncate-end">{children}</Text>
		</Box>
	);
}
