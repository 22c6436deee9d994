import {Text} from 'ink';
import React from 'react';
import type {MaskedText} from './lib/edit-text.js';
import {useNoColor} from './theme.js';

export interface TextFieldProps {
	value: string;
	/** Where the cursor is, in code points; at the end when not given. */
	cursor?: number;
	focused: boolean;
	placeholder?: string;
}

/**
 * One line of typed text. With focus it shows the cursor: a block after the text at its end,
 * the character under it inverted inside. Keys are handled by the store.
 */
export function TextField({value, cursor, focused, placeholder}: TextFieldProps) {
	const noColor = useNoColor();
	if (value === '' && placeholder && !focused) return <Text dimColor={!noColor}>{placeholder}</Text>;
	if (!focused) return <Text>{value}</Text>;
	const characters = Array.from(value);
	const at = Math.min(Math.max(cursor ?? characters.length, 0), characters.length);
	if (at === characters.length) return <Text>{value}▌</Text>;
	return (
		<Text>
			{characters.slice(0, at).join('')}
			<Text inverse>{characters[at]}</Text>
			{characters.slice(at + 1).join('')}
		</Text>
	);
}

/** A secret being typed: one bullet per character and the cursor, never the text (only its mask reaches React). */
export function MaskedField({mask, focused}: {mask: MaskedText; focused: boolean}) {
	return <TextField value={'•'.repeat(mask.length)} cursor={mask.cursor} focused={focused} />;
}
