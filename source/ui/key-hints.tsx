import {Box, Text} from 'ink';
import React from 'react';
import type {Mode} from './store/screen-state.js';
import {shallowEqual, useUi} from './store/use-ui.js';
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
	const {mode, empty, width} = useUi(
		(view) => ({mode: view.state.screen.mode, empty: view.snapshot.entries.length === 0, width: view.state.layout.width}),
		shallowEqual,
	);
	const noColor = useNoColor();
	const hints = empty && mode === 'list' ? 'a add account  ? help  q quit' : hintsByMode[mode];
	return (
		<Box height={1} width={width}>
			<Text wrap="truncate-end" dimColor={!noColor}>
				{hints}
			</Text>
		</Box>
	);
}
