import {Box, Text} from 'ink';
import React from 'react';
import {hintLine} from './keys/hints.js';
import {useUi} from './store/use-ui.js';
import {useNoColor} from './theme.js';

/** The bottom line: what the keys do right now (from the key table). */
export function KeyHints() {
	const width = useUi((view) => view.state.layout.width);
	const hints = useUi((view) => hintLine(view, view.state.layout.width));
	const noColor = useNoColor();
	return (
		<Box height={1} width={width}>
			<Text dimColor={!noColor}>{hints}</Text>
		</Box>
	);
}
