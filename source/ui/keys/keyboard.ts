/**
 * The keyboard router. Each key of an input event goes to the binding the key table gives it
 * in the state the key before left (read from the store, never from the last render), so "/w"
 * typed in one tick or read in one chunk puts the w into the filter. Pasted text is never keys:
 * between the bracketed-paste markers, or a run of text with a line break in it (a paste in a
 * terminal without bracketed paste), it goes to the focused text field as text.
 */
import type {UiActions} from '../store/ui-actions.js';
import type {UiView} from '../store/ui-view.js';
import {keyPressesOf, looksPasted, pasteEnd, pasteStart} from './key-press.js';
import {bindingFor} from './key-table.js';

export interface KeyboardTarget {
	view(): UiView;
	readonly actions: UiActions;
}

export interface Keyboard {
	/** One input event as Ink's input parser emits it. */
	input(event: string): void;
}

/** A paste whose end marker never came (a broken terminal) is taken as ended after this long. */
export const pasteTimeoutMs = 1000;

export function createKeyboard(target: KeyboardTarget): Keyboard {
	let pasted: string[] | undefined;
	let timer: NodeJS.Timeout | undefined;
	const endPaste = () => {
		clearTimeout(timer);
		const text = (pasted ?? []).join('');
		pasted = undefined;
		target.actions.paste(text);
	};
	const press = (event: string) => {
		const presses = keyPressesOf(event);
		for (const key of presses) {
			const view = target.view();
			const binding = bindingFor(view, key);
			if (!binding) continue;
			// An error on the status line stays until the next key that acts.
			if (view.state.screen.status?.tone === 'error') target.actions.dismissError();
			binding.run(target.actions, {...key, alone: presses.length === 1});
		}
	};
	return {
		input(event) {
			if (pasted) {
				if (event === pasteEnd) endPaste();
				else pasted.push(event);
			} else if (event === pasteStart) {
				pasted = [];
				timer = setTimeout(endPaste, pasteTimeoutMs);
				timer.unref();
			} else if (event === pasteEnd) {
				// An end without a start: nothing to do.
			} else if (looksPasted(event)) {
				target.actions.paste(event);
			} else {
				press(event);
			}
		},
	};
}
