import {Text} from 'ink';
import React, {type ReactNode} from 'react';
import {useNoColor} from '../theme.js';

/** `label  value` as ONE Text (cheap for Ink), cut at the pane's edge; the label padded to `labelWidth`. */
export function DetailLine({label, labelWidth, children}: {label: string; labelWidth: number; children: ReactNode}) {
	// Dim is an attribute, not a colour, but --no-color means plain text: no styling at all here.
	const noColor = useNoColor();
	return (
		<Text wrap="truncate-end">
			<Text dimColor={!noColor}>{label.padEnd(labelWidth)}</Text>
			{children}
		</Text>
	);
}
