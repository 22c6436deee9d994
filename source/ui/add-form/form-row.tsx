import {Box, Text} from 'ink';
import React, {type ReactNode} from 'react';

/** One labelled field of the add form; › marks the field that has the keyboard. */
export function FormRow({label, focused, children}: {label: string; focused: boolean; children: ReactNode}) {
	return (
		<Box height={1}>
			<Box width={2} flexShrink={0}>
				<Text>{focused ? '›' : ' '}</Text>
			</Box>
			<Box width={20} flexShrink={0}>
				<Text bold={focused}>{label}</Text>
			</Box>
			<Text wrap="truncate-end">{children}</Text>
		</Box>
	);
}
