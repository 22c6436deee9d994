import {useInput, type Key} from 'ink';
import {useCallback} from 'react';
import {addFormKeys} from '../add-form/add-form-keys.js';
import {filterKeys} from '../filter/filter-keys.js';
import {listKeys} from '../list/list-keys.js';
import {useUiActions, type UiActions} from '../state/ui-contexts.js';
import type {Mode} from '../state/use-screen-state.js';
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
 * the actions (which switch it synchronously), never from the last render, so `/` followed by
 * `w` in the same tick, or "/w" in one chunk, puts the `w` into the filter.
 */
export function routeKey(actions: UiActions, input: string, key: Key): void {
	for (const press of splitKeys(input, key)) keyHandlers[actions.keyboardOwner()](press.input, press.key, actions);
}

/**
 * The app's ONE keyboard listener. It lives in a component that is mounted for the whole run:
 * Ink attaches a useInput listener in an effect, after the frame is drawn, so a listener in a
 * component that mounts with its mode would miss the keys typed right after the switch.
 */
export function useKeyboard(): void {
	const actions = useUiActions();
	useInput(useCallback((input: string, key: Key) => routeKey(actions, input, key), [actions]));
}
