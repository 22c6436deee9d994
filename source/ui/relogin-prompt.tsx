import {Text} from 'ink';
import React from 'react';
import type {ReloginPrompt as Prompt, StatusMessage} from './state/use-screen-state.js';
import {toneSymbols} from './status-message-text.js';
import {TextField} from './text-field.js';
import {useColor} from './theme.js';

export interface ReloginPromptProps {
	prompt: Prompt;
	/** How many characters were typed: the secret itself never reaches a component. */
	typed: number;
	status: StatusMessage | undefined;
}

/** Inline masked password (then 2FA code) prompt after the server rejected a credential (keys: keyboard/overlay-keys.ts). */
export function ReloginPrompt({prompt, typed, status}: ReloginPromptProps) {
	const color = useColor();
	const label = prompt.step === 'code' ? `Sign-in code for ${prompt.name} (sent by email)` : `Password for ${prompt.name}`;
	const reason = status && status.tone === 'error' ? ` · ${toneSymbols.error} ${status.text}` : '';
	if (prompt.busy) return <Text wrap="truncate-end">› logging in to {prompt.name}…</Text>;
	return (
		<Text wrap="truncate-end">
			{label}: <TextField value={'•'.repeat(typed)} masked focused />
			<Text color={color('red')}>{reason}</Text>
		</Text>
	);
}
