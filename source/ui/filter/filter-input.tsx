import {Text} from 'ink';
import React from 'react';
import type {TextState} from '../lib/edit-text.js';
import {TextField} from '../text-field.js';

/** The `/` filter being typed; it owns the keyboard until Enter or Esc. */
export function FilterInput({input}: {input: TextState}) {
	return (
		<Text wrap="truncate-end">
			/ filter: <TextField value={input.text} cursor={input.cursor} focused />
		</Text>
	);
}
