import {Text} from 'ink';
import React from 'react';
import {TextField} from '../text-field.js';
import {useFilter} from './use-filter.js';

/** The `/` filter being typed; it owns the keyboard until Enter or Esc. */
export function FilterInput({text}: {text: string}) {
	useFilter();
	return (
		<Text wrap="truncate-end">
			/ filter: <TextField value={text} focused />
		</Text>
	);
}
