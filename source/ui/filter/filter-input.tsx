import {Text} from 'ink';
import React from 'react';
import {TextField} from '../text-field.js';

/** The `/` filter being typed; it owns the keyboard until Enter or Esc (keys: filter-keys.ts). */
export function FilterInput({text}: {text: string}) {
	return (
		<Text wrap="truncate-end">
			/ filter: <TextField value={text} focused />
		</Text>
	);
}
