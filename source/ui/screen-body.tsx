import React from 'react';
import {AccountList} from './account-list.js';
import {AddAccountForm} from './add-form/add-account-form.js';
import {DetailPane} from './detail/detail-pane.js';
import {EmptyState} from './empty-state.js';
import {HelpOverlay} from './help-overlay.js';
import {useUiState} from './state/ui-contexts.js';

/** Between header and status line: an overlay, the form, the empty state or the two panes. */
export function ScreenBody({bodyHeight, hasAccounts}: {bodyHeight: number; hasAccounts: boolean}) {
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
