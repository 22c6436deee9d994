import {Box, Text} from 'ink';
import React from 'react';
import {ConfirmRemove} from './confirm-remove.js';
import {FilterInput} from './filter/filter-input.js';
import {ReloginPrompt} from './relogin-prompt.js';
import {shallowEqual, useUi} from './store/use-ui.js';
import {StatusMessageText} from './status-message-text.js';

/** The line above the key hints: filter input, y/n question, re-login prompt or the last outcome. */
export function StatusLine() {
	const {mode, filter, question, relogin, secret, status, width} = useUi(
		(view) => ({
			mode: view.state.screen.mode,
			filter: view.state.filter.input,
			question: view.state.screen.question,
			relogin: view.state.screen.relogin,
			secret: view.state.screen.secret,
			status: view.state.screen.status,
			width: view.state.layout.width,
		}),
		shallowEqual,
	);
	let content: React.ReactNode;
	if (mode === 'filter') content = <FilterInput input={filter} />;
	else if (mode === 'confirm-remove' && question) content = <ConfirmRemove question={question} />;
	else if (mode === 'relogin' && relogin) content = <ReloginPrompt prompt={relogin} secret={secret} status={status} />;
	else content = <StatusMessageText status={status} width={width} />;
	return (
		<Box height={1} width={width}>
			{content ?? <Text> </Text>}
		</Box>
	);
}
