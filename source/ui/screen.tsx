import {Box, Text} from 'ink';
import React from 'react';
import {Header} from './header.js';
import {KeyHints} from './key-hints.js';
import {chromeLines} from './lib/layout.js';
import {ScreenBody} from './screen-body.js';
import {StatusLine} from './status-line.js';
import {useUi} from './store/use-ui.js';

/**
 * Header, body (panes or an overlay), status line, key hints: exactly rows − 1 lines. Nothing
 * here clips (overflow="hidden" makes Ink slice every line of every frame): each line is
 * truncated to the width, the list is windowed and the detail pane cut to its height, and only
 * the rarely drawn overlays clip themselves.
 */
export function Screen() {
	const layout = useUi((view) => view.state.layout);
	if (layout.tooSmall) {
		return (
			<Box height={1} width={layout.width}>
				<Text wrap="truncate-end">terminal too small for tokentop (40×8)</Text>
			</Box>
		);
	}
	const bodyHeight = layout.height - chromeLines;
	return (
		<Box flexDirection="column" width={layout.width} height={layout.height}>
			<Header />
			<Box height={bodyHeight} width={layout.width} flexDirection={layout.stacked ? 'column' : 'row'}>
				<ScreenBody bodyHeight={bodyHeight} />
			</Box>
			<StatusLine />
			<KeyHints />
		</Box>
	);
}
