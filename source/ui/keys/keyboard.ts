/**
 * The keyboard router: each key of an input event goes to the binding the key table gives it
 * in the state the key before left (read from the store, never from the last render), so "/w"
 * typed in one tick or read in one chunk puts the w into the filter.
 */
import type {UiActions} from '../store/ui-actions.js';
import type {UiView} from '../store/ui-view.js';
import {keyPressesOf} from './key-press.js';
import {bindingFor} from './key-table.js';

export interface KeyboardTarget {
	view(): UiView;
	readonly actions: UiActions;
}

/** Handles one input event as Ink's input parser emits it. */
export function routeInput(target: KeyboardTarget, event: string): void {
	for (const press of keyPressesOf(event)) bindingFor(target.view(), press)?.run(target.actions, press);
}
