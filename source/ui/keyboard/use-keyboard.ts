import {useInput, type Key} from 'ink';
import {useCallback} from 'react';
import {addFormKeys} from '../add-form/add-form-keys.js';
import {filterKeys} from '../filter/filter-keys.js';
import {listKeys} from '../list/list-keys.js';
import type {Mode} from '../store/screen-state.js';
import {useUiStore} from '../store/use-ui.js';
import type {UiStore} from '../store/ui-store.js';
import type {KeyHandler} from './key-handler.js';
import {confirmRemoveKeys, helpKeys, reloginKeys} from './overlay-keys.js';
import {splitKeys} from './split-keys.js';

/** Which handler gets a key, by the mode that owns the keyboard. */
export const keyHandlers: Record<Mode, KeyHandler> = {
	list: listKeys,
	filter: filterKeys,
	add: addFormKeys,
	help: helpKeys,
	'confirm-remove': confirmRemoveKeys,
	relogin: reloginKeys,
};

/**
 * Hands each key to the mode that owns the keyboard at that moment. The owner is read from
 * the store (which actions change synchronously), never from the last render, so `/` followed
 * by `w` in the same tick, or "/w" in one chunk, puts the `w` into the filter.
 */
export function routeKey(store: UiStore, input: string, key: Key): void {
	for (const press of splitKeys(input, key)) {
		const view = store.view();
		keyHandlers[view.state.screen.mode](press.input, press.key, store.actions, view);
	}
}

/**
 * The app's ONE keyboard listener. It lives in a component that is mounted for the whole run:
 * Ink attaches a useInput listener in an effect, after the frame is drawn, so a listener in a
 * component that mounts with its mode would miss the keys typed right after the switch.
 */
export function useKeyboard(): void {
	const store = useUiStore();
	useInput(useCallback((input: string, key: Key) => routeKey(store, input, key), [store]));
}
