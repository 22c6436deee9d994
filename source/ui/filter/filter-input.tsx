import {Text} from 'ink';
import React from 'react';
import {TextField} from '../text-field.js';
import {useFilterKeys} from './use-filter-keys.js';

/** The `/` filter being typed; it owns the keyboard until Enter or Esc. */
export function FilterInput({text}: {text: string}) {
	useFilterKeys();
	return (
		<Text wrap="truncate-end">
			/ filter: <TextField value={text} focused />
		</Text>
	);
}
