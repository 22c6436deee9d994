/**
 * UI state and UI actions live in two contexts: components that only act (key hooks) do
 * not re-render when the state changes, because the actions object never changes.
 */
import type {Key} from 'ink';
import {createContext, useContext} from 'react';
import type {Account} from '../../services/account.js';
import type {AccountEntry, ManagerApi, ManagerSnapshot} from '../../services/manager-api.js';
import type {AddFormState} from '../add-form/use-add-form-state.js';
import type {FilterState} from '../filter/use-filter-state.js';
import type {ScreenLayout} from '../lib/layout.js';
import type {Movement} from '../lib/visible-window.js';
import type {Mode, ScreenState, StatusMessage} from './use-screen-state.js';

export interface UiState {
	manager: ManagerApi;
	snapshot: ManagerSnapshot;
	screen: ScreenState;
	filter: FilterState;
	/** The `a` form; kept here (not in the form) so keys typed before it is drawn still land. */
	addForm: AddFormState;
	/** The accounts after filtering, in display order. */
	view: readonly AccountEntry[];
	/** -1 when the view is empty. */
	selectedIndex: number;
	selected?: AccountEntry;
	/** First visible row of the list. */
	top: number;
	layout: ScreenLayout;
	/** Account rows the list shows at once (PgUp/PgDn distance). */
	pageSize: number;
}

export interface UiActions {
	/** Which mode has the keyboard now, including changes React has not rendered yet. The keyboard router asks it for every key. */
	keyboardOwner(): Mode;
	move(movement: Movement): void;
	refreshSelected(): void;
	refreshAll(): void;
	toggleAutoRefresh(): void;
	toggleReveal(): void;
	copySelected(): void;
	askRemove(): void;
	confirmRemove(): void;
	/** Back to the list from any overlay, prompt or form. */
	closeOverlay(): void;
	showHelp(): void;
	/** Opens a fresh add form. */
	openAddForm(): void;
	/** A keypress in the add form (Esc is the router's: it closes the form); Enter on the last field sends the login. */
	typeInAddForm(input: string, key: Key): void;
	accountAdded(account: Account): void;
	startFilter(): void;
	/** A keypress in the filter input. */
	typeInFilter(input: string, key: Key): void;
	keepFilter(): void;
	clearFilter(): void;
	/** A keypress in the re-login prompt: edits the password (or 2FA code), which is kept outside React state. */
	typeInRelogin(input: string, key: Key): void;
	/** Sends what was typed into the re-login prompt and forgets it. */
	submitRelogin(): void;
	setStatus(status: StatusMessage | undefined): void;
	quit(): void;
}

export const UiStateContext = createContext<UiState | undefined>(undefined);
export const UiActionsContext = createContext<UiActions | undefined>(undefined);

export function useUiState(): UiState {
	const state = useContext(UiStateContext);
	if (!state) throw new Error('useUiState needs a UiProvider');
	return state;
}

export function useUiActions(): UiActions {
	const actions = useContext(UiActionsContext);
	if (!actions) throw new Error('useUiActions needs a UiProvider');
	return actions;
}
