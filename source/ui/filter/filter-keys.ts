import {typeText, type KeyHandler} from '../keyboard/key-handler.js';

/** Typing edits the filter, Enter keeps it, Esc clears it. */
export const filterKeys: KeyHandler = (input, key, actions) => {
	if (key.escape) actions.clearFilter();
	else if (key.return) actions.keepFilter();
	else typeText(input, key, actions);
};
