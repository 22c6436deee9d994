import {Text, useInput} from 'ink';
import React, {useRef, useState} from 'react';
import {editText} from './lib/edit-text.js';
import {useUiActions} from './state/ui-contexts.js';
import type {ReloginPrompt as Prompt, StatusMessage} from './state/use-screen-state.js';
import {toneSymbols} from './status-message-text.js';
import {TextField} from './text-field.js';
import {useColor} from './theme.js';

/** Inline masked password (then 2FA code) prompt after the server rejected a credential. */
export function ReloginPrompt({prompt, status}: {prompt: Prompt; status: StatusMessage | undefined}) {
	const actions = useUiActions();
	const color = useColor();
	// The secret lives only here, and only until Enter. A ref, because keys typed faster than
	// React re-renders must each see the previous key's result.
	const secret = useRef('');
	const [length, setLength] = useState(0);
	const setSecret = (value: string) => {
		secret.current = value;
		setLength(Array.from(value).length);
	};
	useInput((input, key) => {
		if (actions.keyboardOwner() !== 'relogin') return;
		if (key.escape) {
			actions.closeOverlay();
		} else if (key.return) {
			actions.submitRelogin(secret.current);
			setSecret('');
		} else {
			const edited = editText(secret.current, input, key);
			if (edited !== undefined) setSecret(edited);
		}
	});
	const label = prompt.step === 'code' ? `Sign-in code for ${prompt.name} (sent by email)` : `Password for ${prompt.name}`;
	const reason = status && status.tone === 'error' ? ` · ${toneSymbols.error} ${status.text}` : '';
	if (prompt.busy) return <Text wrap="truncate-end">› logging in to {prompt.name}…</Text>;
	return (
		<Text wrap="truncate-end">
			{label}: <TextField value={'•'.repeat(length)} masked focused />
			<Text color={color('red')}>{reason}</Text>
		</Text>
	);
}
