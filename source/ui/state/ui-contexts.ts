/**
 * UI state and UI actions live in two contexts: components that only act (key hooks) do
 * not re-render when the state changes, because the actions object never changes.
 */
import type {Key} from 'ink';
import {createContext, useContext} from 'react';
import type {Account} from '../../services/account.js';
import type {AccountEntry, ManagerApi, ManagerSnapshot} from '../../services/manager-api.js';
import type {FilterState} from '../filter/use-filter-state.js';
import type {ScreenLayout} from '../lib/layout.js';
import type {Movement} from '../lib/visible-window.js';
import type {Mode, ScreenState, StatusMessage} from './use-screen-state.js';

export interface UiState {
	manager: ManagerApi;
	snapshot: ManagerSnapshot;
	screen: ScreenState;
	filter: FilterState;
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
	/** Which mode has the keyboard now, including changes React has not rendered yet. Key hooks check it. */
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
	openAddForm(): void;
	accountAdded(account: Account): void;
	startFilter(): void;
	/** A keypress in the filter input. */
	typeInFilter(input: string, key: Key): void;
	keepFilter(): void;
	clearFilter(): void;
	/** The password (or 2FA code) typed into the re-login prompt. */
	submitRelogin(secret: string): void;
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
