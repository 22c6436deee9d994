import {useInput} from 'ink';
import {editText} from '../lib/edit-text.js';
import {useUiActions} from '../state/ui-contexts.js';

/** Typing edits the filter, Enter keeps it, Esc clears it. */
export function useFilterKeys(text: string): void {
	const actions = useUiActions();
	useInput((input, key) => {
		if (key.escape) actions.clearFilter();
		else if (key.return) actions.keepFilter();
		else {
			const edited = editText(text, input, key);
			if (edited !== undefined) actions.editFilter(edited);
		}
	});
}
