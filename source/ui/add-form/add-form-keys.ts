import type {KeyHandler} from '../keyboard/key-handler.js';

/** Esc cancels the form; every other key is the form's (fields, choices, Enter). */
export const addFormKeys: KeyHandler = (input, key, actions) => {
	if (key.escape) actions.closeOverlay();
	else actions.typeInAddForm(input, key);
};
