import {useMemo, useRef, type Dispatch} from 'react';
import {accessExpiresAt, type Account} from '../../services/account.js';
import type {AccountEntry} from '../../services/manager-api.js';
import {addFormReducer, initialAddFormState, type AddFormAction, type AddFormState} from '../add-form/use-add-form-state.js';
import {filterReducer, initialFilterState, type FilterAction, type FilterState} from '../filter/use-filter-state.js';
import {initialListState, listReducer, resolveSelectedIndex, type ListAction, type ListState} from '../list/use-list-state.js';
import {formatCountdown} from '../../rules/time-format.js';
import {editText} from '../lib/edit-text.js';
import {filterEntries} from '../lib/filter.js';
import {createAccountActions} from './account-actions.js';
import {createAddFormActions} from './add-form-actions.js';
import {createMirror, type Mirror} from './mirror.js';
import type {UiActions, UiState} from './ui-contexts.js';
import {initialScreenState, screenReducer, type ScreenAction, type ScreenState, type StatusMessage} from './use-screen-state.js';

/** What the provider hands in on every render. */
export interface ActionDependencies {
	/** The state as last rendered. */
	state: UiState;
	dispatchScreen: Dispatch<ScreenAction>;
	dispatchList: Dispatch<ListAction>;
	dispatchFilter: Dispatch<FilterAction>;
	dispatchAddForm: Dispatch<AddFormAction>;
	readClock: () => number;
	writeRaw: (data: string) => void;
	quit: () => void;
}

/**
 * What actions read and change. The reducers' states are read from mirrors, never from the
 * last render: keys arrive faster than React renders (fast typing, a paste, one read chunk
 * of several keys), and each key must act on what the keys before it left.
 */
export interface ActionContext {
	/** The latest rendered props (manager, layout, page size, clock, writers). */
	dependencies(): ActionDependencies;
	screen: Mirror<ScreenState, ScreenAction>;
	filter: Mirror<FilterState, FilterAction>;
	list: Mirror<ListState, ListAction>;
	addForm: Mirror<AddFormState, AddFormAction>;
	/** The filtered accounts as they are now (the manager's latest snapshot, the filter as typed). */
	view(): readonly AccountEntry[];
	selected(): AccountEntry | undefined;
	setStatus(status: StatusMessage | undefined): void;
	/**
	 * What was typed into the re-login prompt. It lives only here, and only until Enter or
	 * until the prompt goes: the screen state holds just its length (for the bullets), and
	 * whenever that length is reset, so is the secret.
	 */
	secret(): string;
	setSecret(value: string): void;
}

/**
 * The actions object is created once; each action reads the latest state through mirrors
 * and a ref, so components holding the actions never re-render because of them.
 */
export function useUiActionsObject(dependencies: ActionDependencies): UiActions {
	const latest = useRef(dependencies);
	latest.current = dependencies;

	return useMemo<UiActions>(() => {
		const context = createActionContext(() => latest.current);
		const {screen, filter, list, setStatus} = context;
		const dispatchScreen = screen.dispatch;
		const validFor = (account: Account) => formatCountdown(accessExpiresAt(account) - latest.current.readClock());
		const accountActions = createAccountActions(context);

		const actions: UiActions = {
			...accountActions,
			keyboardOwner: () => screen.current().mode,
			move(movement) {
				list.dispatch({type: 'move', movement, view: context.view(), pageSize: latest.current.state.pageSize});
			},
			closeOverlay() {
				dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			showHelp() {
				dispatchScreen({type: 'set-mode', mode: 'help'});
			},
			...createAddFormActions(context, (account) => actions.accountAdded(account)),
			accountAdded(account) {
				// Close the form only if it is still what the user is looking at.
				if (screen.current().mode === 'add') dispatchScreen({type: 'set-mode', mode: 'list'});
				// Select it; the list finds its index once the snapshot contains it.
				list.dispatch({type: 'select-id', id: account.id});
				setStatus({text: `added ${account.name}: valid for ${validFor(account)}`, tone: 'ok'});
			},
			startFilter() {
				filter.dispatch({type: 'start'});
				dispatchScreen({type: 'set-mode', mode: 'filter'});
			},
			typeInFilter(input, key) {
				filter.dispatch({type: 'key', input, key});
			},
			keepFilter() {
				filter.dispatch({type: 'keep'});
				dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			clearFilter() {
				filter.dispatch({type: 'clear'});
				dispatchScreen({type: 'set-mode', mode: 'list'});
			},
			typeInRelogin(input, key) {
				if (screen.current().mode !== 'relogin') return;
				const edited = editText(context.secret(), input, key);
				if (edited === undefined) return;
				context.setSecret(edited);
				dispatchScreen({type: 'secret-typed', length: Array.from(edited).length});
			},
			submitRelogin() {
				const typed = context.secret();
				dispatchScreen({type: 'secret-typed', length: 0});
				accountActions.sendRelogin(typed);
			},
			setStatus,
			quit() {
				latest.current.quit();
			},
		};
		return actions;
	}, []);
}

function createActionContext(dependencies: () => ActionDependencies): ActionContext {
	const screenMirror = createMirror(screenReducer, initialScreenState, () => dependencies().dispatchScreen);
	let secret = '';
	const screen: Mirror<ScreenState, ScreenAction> = {
		current: screenMirror.current,
		dispatch(action) {
			screenMirror.dispatch(action);
			if (screenMirror.current().secretLength === 0) secret = '';
		},
	};
	const filter = createMirror(filterReducer, initialFilterState, () => dependencies().dispatchFilter);
	const list = createMirror(listReducer, initialListState, () => dependencies().dispatchList);
	const addForm = createMirror(addFormReducer, initialAddFormState, () => dependencies().dispatchAddForm);

	// The rendered view is reused whenever it is still current; filtering again only happens
	// between a key that changed the filter (or a new snapshot) and the next render.
	let cached: {entries: readonly AccountEntry[]; text: string; view: readonly AccountEntry[]} | undefined;
	const view = () => {
		const {state} = dependencies();
		const {entries} = state.manager.getSnapshot();
		const {text} = filter.current();
		if (cached?.entries !== entries || cached.text !== text) {
			const rendered = entries === state.snapshot.entries && text === state.filter.text;
			cached = {entries, text, view: rendered ? state.view : filterEntries(entries, text)};
		}
		return cached.view;
	};

	return {
		dependencies,
		screen,
		filter,
		list,
		addForm,
		view,
		selected() {
			const entries = view();
			return entries[resolveSelectedIndex(list.current(), entries)];
		},
		setStatus: (status) => screen.dispatch({type: 'status', status}),
		secret: () => secret,
		setSecret(value) {
			secret = value;
		},
	};
}
