import {Box, Text} from 'ink';
import React from 'react';
import type {Mode} from './state/use-screen-state.js';
import {useUiState} from './state/ui-contexts.js';
import {useNoColor} from './theme.js';

const hintsByMode: Record<Mode, string> = {
	list: '↑↓ move  r refresh  R all  A auto  a add  d remove  / filter  v show  c copy  ? help  q quit',
	filter: 'type to filter  Enter keep  Esc clear',
	help: 'Esc or ? close help',
	add: 'Tab/↑↓ field  ←→ choice  Enter next/submit  Esc cancel',
	'confirm-remove': 'y remove  n keep',
	relogin: 'Enter log in  Esc cancel',
};

/** The bottom line: what the keys do right now. */
export function KeyHints() {
	const {screen, layout, snapshot} = useUiState();
	const noColor = useNoColor();
	const hints = snapshot.entries.length === 0 && screen.mode === 'list' ? 'a add account  ? help  q quit' : hintsByMode[screen.mode];
	return (
		<Box height={1} width={layout.width}>
			<Text wrap="truncate-end" dimColor={!noColor}>
				{hints}
			</Text>
		</Box>
	);
}
