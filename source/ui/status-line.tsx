import {Box, Text} from 'ink';
import React from 'react';
import {ConfirmRemove} from './confirm-remove.js';
import {FilterInput} from './filter/filter-input.js';
import {ReloginPrompt} from './relogin-prompt.js';
import {useUiState} from './state/ui-contexts.js';
import {StatusMessageText} from './status-message-text.js';

/** The line above the key hints: filter input, y/n question, re-login prompt or the last outcome. */
export function StatusLine() {
	const {screen, filter, layout} = useUiState();
	let content: React.ReactNode;
	if (screen.mode === 'filter') content = <FilterInput text={filter.text} />;
	else if (screen.mode === 'confirm-remove') content = <ConfirmRemove name={screen.pendingRemove?.name ?? ''} />;
	else if (screen.mode === 'relogin' && screen.relogin) content = <ReloginPrompt prompt={screen.relogin} typed={screen.secretLength} status={screen.status} />;
	else content = <StatusMessageText status={screen.status} />;
	return (
		<Box height={1} width={layout.width}>
			{content ?? <Text> </Text>}
		</Box>
	);
}
