import {Text} from 'ink';
import React from 'react';
import type {MaskedText} from './lib/edit-text.js';
import {toneSymbols} from './lib/status-text.js';
import type {ReloginPrompt as Prompt, StatusMessage} from './store/screen-state.js';
import {toneColors} from './status-message-text.js';
import {MaskedField} from './text-field.js';
import {useColor} from './theme.js';

export interface ReloginPromptProps {
	prompt: Prompt;
	/** The mask of what was typed: the secret itself never reaches a component. */
	secret: MaskedText;
	status: StatusMessage | undefined;
}

/** Inline masked password (then sign-in code) prompt for an account that needs a login; the last outcome follows it. */
export function ReloginPrompt({prompt, secret, status}: ReloginPromptProps) {
	const color = useColor();
	if (prompt.busy) return <Text wrap="truncate-end">› logging in to {prompt.name}…</Text>;
	const label = prompt.step === 'code' ? `Sign-in code for ${prompt.name}` : `Password for ${prompt.name}`;
	const said = status && status.tone !== 'ok' ? ` · ${toneSymbols[status.tone]} ${status.text}${status.detail ? `: ${status.detail}` : ''}` : '';
	return (
		<Text wrap="truncate-end">
			{label}: <MaskedField mask={secret} focused />
			{status ? <Text color={color(toneColors[status.tone])}>{said}</Text> : null}
		</Text>
	);
}
