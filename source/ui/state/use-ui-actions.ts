import {useMemo, useRef, type Dispatch} from 'react';
import {accessExpiresAt, type Account} from '../../services/account.js';
import type {FilterAction} from '../filter/use-filter-state.js';
import type {ListAction} from '../list/use-list-state.js';
import {formatCountdown} from '../lib/countdown.js';
import {createAccountActions} from './account-actions.js';
import type {UiActions, UiState} from './ui-contexts.js';
import {initialScreenState, screenReducer, type ScreenAction, type StatusMessage} from './use-screen-state.js';

export interface ActionDependencies {
	state: UiState;
	dispatchScreen: Dispatch<ScreenAction>;
	dispatchList: Dispatch<ListAction>;
	dispatchFilter: Dispatch<FilterAction>;
	readClock: () => number;
	writeRaw: (data: string) => void;
	quit: () => void;
}

/**
 * The actions object is created once; each action reads the latest state through a ref,
 * so components holding the actions never re-render because of them.
 */
export function useUiActionsObject(dependencies: ActionDependencies): UiActions {
	const latest = useRef(dependencies);
	latest.current = dependencies;

	return useMemo<UiActions>(() => {
		// A synchronous mirror of the screen state: keys can arrive faster than React commits,
		// and each must go to the part of the screen that owns the keyboard by then.
		let requested = initialScreenState;
		const dispatchScreen = (action: ScreenAction) => {
			requested = screenReducer(requested, action);
			latest.current.dispatchScreen(action);
		};
		const current = (): ActionDependencies => ({...latest.current, dispatchScreen});
		const setStatus = (status: StatusMessage | undefined) => current().dispatchScreen({type: 'status', status});
		const validFor = (account: Account) => formatCountdown(accessExpiresAt(account) - current().readClock());

		return {
			...createAccountActions(current),
			keyboardOwner: () => requested.mode,
			move(movement) {
				const {state, dispatchList} = current();
				dispatchList({type: 'move', movement, view: state.view, pageSize: state.pageSize});
			},
			closeOverlay() {
				current().dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			showHelp() {
				current().dispatchScreen({type: 'set-mode', mode: 'help'});
			},
			openAddForm() {
				current().dispatchScreen({type: 'set-mode', mode: 'add'});
			},
			accountAdded(account) {
				const {dispatchScreen, dispatchList} = current();
				dispatchScreen({type: 'set-mode', mode: 'list'});
				// Select it; the list finds its index once the snapshot contains it.
				dispatchList({type: 'select-id', id: account.id});
				setStatus({text: `added ${account.name}: valid for ${validFor(account)}`, tone: 'ok'});
			},
			startFilter() {
				current().dispatchFilter({type: 'start'});
				current().dispatchScreen({type: 'set-mode', mode: 'filter'});
			},
			typeInFilter(input, key) {
				current().dispatchFilter({type: 'key', input, key});
			},
			keepFilter() {
				current().dispatchFilter({type: 'keep'});
				current().dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			clearFilter() {
				current().dispatchFilter({type: 'clear'});
				current().dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			setStatus,
			quit() {
				current().quit();
			},
		};
	}, []);
}
