import {Box, Text} from 'ink';
import React from 'react';
import {useUiStore} from './store/use-ui.js';
import {useColor} from './theme.js';

/** Shown instead of the panes when no account is stored yet. */
export function EmptyState({width, height}: {width: number; height: number}) {
	const color = useColor();
	const {demo} = useUiStore();
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingLeft={1}>
			<Text bold>No accounts yet.</Text>
			<Text> </Text>
			<Text wrap="truncate-end">
				Press <Text color={color('cyan')}>a</Text> to add one here, or log in from the shell:
			</Text>
			<Text wrap="truncate-end" color={color('cyan')}>
				{'  '}tokentop login bluesky HANDLE
			</Text>
			<Text wrap="truncate-end" color={color('cyan')}>
				{'  '}tokentop login zettelstore URL USER
			</Text>
			{demo ? (
				<Text wrap="truncate-end">
					Demo: {demo.addAccount}; the password of every demo account is {demo.password}
				</Text>
			) : null}
		</Box>
	);
}
