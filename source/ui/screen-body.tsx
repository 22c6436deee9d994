import React from 'react';
import {AccountList} from './account-list.js';
import {AddAccountForm} from './add-form/add-account-form.js';
import {DetailPane} from './detail/detail-pane.js';
import {EmptyState} from './empty-state.js';
import {HelpOverlay} from './help-overlay.js';
import {BrowserSignInPanel} from './sign-in/browser-sign-in-panel.js';
import {useUi} from './store/use-ui.js';

/** Between header and status line: an overlay, the form, the empty state or the two panes. */
export function ScreenBody({bodyHeight}: {bodyHeight: number}) {
	const layout = useUi((view) => view.state.layout);
	const mode = useUi((view) => view.state.screen.mode);
	const hasAccounts = useUi((view) => view.snapshot.entries.length > 0);
	if (mode === 'help') return <HelpOverlay width={layout.width} height={bodyHeight} />;
	if (mode === 'add') return <AddAccountForm width={layout.width} height={bodyHeight} />;
	if (mode === 'sign-in') return <BrowserSignInPanel width={layout.width} height={bodyHeight} />;
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
