import type {Key} from 'ink';
import type {TextEdit} from '../lib/edit-text.js';
import type {UiActions} from '../store/ui-actions.js';
import type {UiView} from '../store/ui-view.js';

/** What one mode does with one key. Plain functions: the keyboard router calls the owner's. */
export type KeyHandler = (input: string, key: Key, actions: UiActions, view: UiView) => void;

/** The edit a key makes in a text field, if any. */
export function textEditOf(input: string, key: Key): TextEdit | undefined {
	if (key.backspace || key.delete) return {type: 'backspace'};
	if (key.ctrl || key.meta || key.return || key.tab || key.escape) return undefined;
	if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return undefined;
	return input === '' ? undefined : {type: 'insert', text: input};
}

/** Typing into the text field that has focus. */
export function typeText(input: string, key: Key, actions: UiActions): void {
	const edit = textEditOf(input, key);
	if (edit) actions.editText(edit);
}
