import {Text} from 'ink';
import React from 'react';
import type {MaskedText} from './lib/edit-text.js';
import type {ReloginPrompt as Prompt, StatusMessage} from './store/screen-state.js';
import {toneSymbols} from './status-message-text.js';
import {MaskedField} from './text-field.js';
import {useColor} from './theme.js';

export interface ReloginPromptProps {
	prompt: Prompt;
	/** The mask of what was typed: the secret itself never reaches a component. */
	secret: MaskedText;
	status: StatusMessage | undefined;
}

/** Inline masked password (then sign-in code) prompt for an account that needs a login. */
export function ReloginPrompt({prompt, secret, status}: ReloginPromptProps) {
	const color = useColor();
	const label = prompt.step === 'code' ? `Sign-in code for ${prompt.name} (sent by email)` : `Password for ${prompt.name}`;
	const reason = status && status.tone === 'error' ? ` · ${toneSymbols.error} ${status.text}${status.detail ? `: ${status.detail}` : ''}` : '';
	if (prompt.busy) return <Text wrap="truncate-end">› logging in to {prompt.name}…</Text>;
	return (
		<Text wrap="truncate-end">
			{label}: <MaskedField mask={secret} focused />
			<Text color={color('red')}>{reason}</Text>
		</Text>
	);
}
