import {Box, Text} from 'ink';
import React from 'react';
import {AccountList} from './account-list.js';
import {AddAccountForm} from './add-form/add-account-form.js';
import {DetailPane} from './detail/detail-pane.js';
import {EmptyState} from './empty-state.js';
import {Header} from './header.js';
import {HelpOverlay} from './help-overlay.js';
import {KeyHints} from './key-hints.js';
import {chromeLines} from './lib/layout.js';
import {useListKeys} from './list/use-list-keys.js';
import {useUiState} from './state/ui-contexts.js';
import {StatusLine} from './status-line.js';

/** Header, body (panes or an overlay), status line, key hints: exactly rows − 1 lines. */
export function Screen() {
	const {layout, screen, snapshot} = useUiState();
	useListKeys(screen.mode === 'list');
	if (layout.tooSmall) {
		return (
			<Box height={1} width={layout.width}>
				<Text wrap="truncate-end">terminal too small for tokentop (40×8)</Text>
			</Box>
		);
	}
	const bodyHeight = layout.height - chromeLines;
	return (
		<Box flexDirection="column" width={layout.width} height={layout.height} overflow="hidden">
			<Header />
			<Box height={bodyHeight} width={layout.width} flexDirection={layout.stacked ? 'column' : 'row'} overflow="hidden">
				<Body bodyHeight={bodyHeight} hasAccounts={snapshot.entries.length > 0} />
			</Box>
			<StatusLine />
			<KeyHints />
		</Box>
	);
}

function Body({bodyHeight, hasAccounts}: {bodyHeight: number; hasAccounts: boolean}) {
	const {layout, screen} = useUiState();
	if (screen.mode === 'help') return <HelpOverlay width={layout.width} height={bodyHeight} />;
	if (screen.mode === 'add') return <AddAccountForm width={layout.width} height={bodyHeight} />;
	if (!hasAccounts) return <EmptyState width={layout.width} height={bodyHeight} />;
	return (
		<>
			<AccountList width={layout.listWidth} height={layout.listHeight} />
			{/* Keyed by arrangement: Ink does not reset a border edge that turns off, so remount instead. */}
			<DetailPane
				key={layout.stacked ? 'stacked' : 'side-by-side'}
				width={layout.detailWidth}
				height={layout.detailHeight}
				stacked={layout.stacked}
			/>
		</>
	);
}
