import {Box, Text} from 'ink';
import React from 'react';

/** Every key of the app; kept next to the overlay so the two are read together. */
export const helpEntries: ReadonlyArray<readonly [keys: string, meaning: string]> = [
	['↑ ↓  j k', 'move the selection'],
	['Home End  g G', 'first / last account'],
	['PgUp PgDn', 'move a page'],
	['r', 'refresh the selected account (asks for the password if needed)'],
	['R', 'refresh all accounts'],
	['A', 'turn auto-refresh on or off'],
	['a', 'add an account'],
	['d', 'remove the selected account (asks first)'],
	['/', 'filter by name, service or handle (Enter keeps, Esc clears)'],
	['v', 'show the selected token for 10 seconds'],
	['c', 'copy the selected access token to the clipboard (OSC 52)'],
	['Esc', 'clear the filter, close a prompt or form'],
	['?', 'this help'],
	['q', 'quit'],
];

/** The `?` overlay; any of Esc, ? or q closes it (keys: keyboard/overlay-keys.ts). */
export function HelpOverlay({width, height}: {width: number; height: number}) {
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingLeft={1}>
			<Text bold>Keys</Text>
			{helpEntries.slice(0, Math.max(0, height - 1)).map(([keys, meaning]) => (
				<Box key={keys} height={1}>
					<Box width={16} flexShrink={0}>
						<Text bold>{keys}</Text>
					</Box>
					<Text wrap="truncate-end">{meaning}</Text>
				</Box>
			))}
		</Box>
	);
}
