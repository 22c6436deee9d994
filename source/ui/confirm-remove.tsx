import {Text} from 'ink';
import React, {useEffect} from 'react';
import type {RemoveQuestion} from './store/screen-state.js';
import {useUiActions} from './store/use-ui.js';
import {useColor} from './theme.js';

/** The question, then why: the key words come first, so a narrow line cuts only the explanation. */
export function questionText(question: RemoveQuestion): string {
	if (question.step === 'server') return `Remove ${question.name}? (y/n) This logs out on the server and forgets the account.`;
	return `Remove ${question.name} here anyway? (y/n) The server cannot be reached (${question.reason ?? 'no answer'}); the session may stay open on the server.`;
}

/**
 * The y/n question before `d` removes an account. Once it is drawn it tells the store, and
 * only from then on does a y count: keys that came with the `d`, or before the question was
 * on the screen, never answer it.
 */
export function ConfirmRemove({question}: {question: RemoveQuestion}) {
	const color = useColor();
	const {armQuestion} = useUiActions();
	useEffect(() => armQuestion(question.serial), [armQuestion, question.serial]);
	return (
		<Text wrap="truncate-end" color={color('yellow')}>
			{questionText(question)}
		</Text>
	);
}
