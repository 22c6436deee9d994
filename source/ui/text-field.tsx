import {Text} from 'ink';
import React from 'react';
import {useNoColor} from './theme.js';

export interface TextFieldProps {
	value: string;
	/** Show one bullet per character instead of the text (passwords, codes). */
	masked?: boolean;
	focused: boolean;
	placeholder?: string;
}

/** One line of typed text with a block cursor when it has focus. Keys are handled by the owner. */
export function TextField({value, masked = false, focused, placeholder}: TextFieldProps) {
	const noColor = useNoColor();
	const shown = masked ? '•'.repeat(Array.from(value).length) : value;
	if (shown === '' && placeholder && !focused) return <Text dimColor={!noColor}>{placeholder}</Text>;
	return (
		<Text>
			{shown}
			{focused ? '▌' : ''}
		</Text>
	);
}
