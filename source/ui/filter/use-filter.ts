import {useInput} from 'ink';
import {useUiActions} from '../state/ui-contexts.js';

/** Typing edits the filter, Enter keeps it, Esc clears it. */
export function useFilter(): void {
	const actions = useUiActions();
	useInput((input, key) => {
		if (actions.keyboardOwner() !== 'filter') return;
		if (key.escape) actions.clearFilter();
		else if (key.return) actions.keepFilter();
		else actions.typeInFilter(input, key);
	});
}
