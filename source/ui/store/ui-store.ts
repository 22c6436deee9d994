/**
 * The ONE UI store, outside React: the UI state, its reducers applied once, the secrets being
 * typed, and the actions the keyboard calls. Components read it with useSyncExternalStore and
 * a selector (use-ui.ts), like the clock and the manager. Keys act on the state the key before
 * left, whether or not React has rendered since: fast typing and pastes lose nothing.
 */
import type {ManagerApi} from '../../services/manager-api.js';
import {addFormReducer, initialAddFormState, isChoiceField} from '../add-form/add-form-state.js';
import type {ClockStore} from '../clock/clock-store.js';
import {filterReducer, initialFilterState} from '../filter/filter-state.js';
import {editText, emptyText, maskOf, type TextEdit} from '../lib/edit-text.js';
import {helpLines} from '../keys/help-lines.js';
import {createKeyboard} from '../keys/keyboard.js';
import {chromeLines, computeLayout} from '../lib/layout.js';
import {nextSortOrder, stateOrderSignature} from '../lib/sort-entries.js';
import {clamp, moveIndex} from '../lib/visible-window.js';
import {initialListState, listReducer} from '../list/list-state.js';
import {createAccountActions} from './account-actions.js';
import {createFormActions} from './form-actions.js';
import {createBrowserSignIns} from './sign-in-actions.js';
import {initialScreenState, screenReducer} from './screen-state.js';
import {statusMs, type Secrets, type StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';
import {createViewDeriver, type UiState, type UiView} from './ui-view.js';

/** What the demo tells its player (tokentop demo). */
export interface DemoInfo {
	/** The one password of every demo account. */
	password: string;
	/** How to try the add form: which server and identity to log in to. */
	addAccount: string;
}

export interface UiStoreOptions {
	manager: ManagerApi;
	clock: ClockStore;
	columns: number;
	rows: number;
	/** Writes an escape sequence straight to the terminal (OSC 52 copy). */
	writeRaw(data: string): void;
	/** Leaves the app. */
	quit(): void;
	demo?: DemoInfo;
}

export interface UiStore {
	readonly manager: ManagerApi;
	readonly demo?: DemoInfo;
	/** For useSyncExternalStore: the store's listeners hear UI changes and the manager's. */
	subscribe(listener: () => void): () => void;
	/** The current view; the same object until something it is made of changes. */
	view(): UiView;
	readonly actions: UiActions;
	/** The terminal was resized. */
	resize(columns: number, rows: number): void;
	/** An input event as Ink's input parser emits it (a key, an escape sequence, a run of text). */
	input(event: string): void;
}

export function createUiStore(options: UiStoreOptions): UiStore {
	const {manager, clock} = options;
	let state: UiState = {
		screen: initialScreenState,
		filter: initialFilterState,
		list: initialListState,
		addForm: initialAddFormState,
		layout: computeLayout(options.columns, options.rows),
	};
	const listeners = new Set<() => void>();
	const secrets: Secrets = {relogin: emptyText, formPassword: emptyText, pastedAddress: emptyText};
	const derive = createViewDeriver();
	let stateOrderStamp = 0;
	let stateOrder = '';

	const view = () => derive(state, manager.getSnapshot(), clock.now(), stateOrderStamp);
	const notify = () => {
		for (const listener of listeners) listener();
	};
	const set = (next: UiState) => {
		if (next === state) return;
		state = next;
		forgetStaleSecrets();
		signIns.noteState(state);
		notify();
	};

	/** A mask that was emptied takes its secret with it; a closed prompt or form forgets what was typed. */
	const forgetStaleSecrets = () => {
		const {screen, addForm} = state;
		if (screen.secret.length === 0) secrets.relogin = emptyText;
		if (screen.mode !== 'relogin' || screen.relogin?.step !== 'code') secrets.reloginPassword = undefined;
		if (addForm.password.length === 0) secrets.formPassword = emptyText;
		if (screen.mode !== 'sign-in' || screen.signIn?.pasted.length === 0) secrets.pastedAddress = emptyText;
		if (screen.mode !== 'add' && secrets.formPassword.text !== '') {
			secrets.formPassword = emptyText;
			state = {...state, addForm: addFormReducer(addForm, {type: 'password', mask: maskOf(emptyText)})};
		}
	};

	/** Before the order changes: the selection is held by its account from now on, not by its row. */
	const pinSelection = () => {
		const {selected} = view();
		if (selected && state.list.selectedId === undefined) set({...state, list: listReducer(state.list, {type: 'select-id', id: selected.account.id})});
	};

	// The 'state' order moves accounts as time passes: re-sort when a state changed on a tick.
	const onTick = () => {
		if (state.screen.sort !== 'state') return;
		const signature = stateOrderSignature(manager.getSnapshot().entries, clock.now());
		if (signature === stateOrder) return;
		pinSelection();
		stateOrder = signature;
		stateOrderStamp++;
		notify();
	};

	const core: StoreCore = {
		manager,
		secrets,
		now: clock.read,
		state: () => state,
		view,
		selected: () => view().selected,
		screen: (action) => set({...state, screen: screenReducer(state.screen, action)}),
		list: (action) => set({...state, list: listReducer(state.list, action)}),
		filter: (action) => set({...state, filter: filterReducer(state.filter, action)}),
		form: (action) => set({...state, addForm: addFormReducer(state.addForm, action)}),
		say({lasting, ...status}) {
			const until = status.tone === 'error' || lasting ? undefined : clock.read() + statusMs;
			core.screen({type: 'status', status: {...status, until}});
		},
		writeRaw: options.writeRaw,
		quit: options.quit,
	};

	/** Applies an edit to the text field that has focus, wherever its text is kept. */
	const edit = (change: TextEdit) => {
		const {screen, addForm} = state;
		if (screen.mode === 'filter') {
			core.filter({type: 'edit', edit: change});
		} else if (screen.mode === 'relogin') {
			if (screen.relogin?.busy) return;
			secrets.relogin = editText(secrets.relogin, change);
			core.screen({type: 'secret', mask: maskOf(secrets.relogin)});
		} else if (screen.mode === 'sign-in' && screen.signIn) {
			secrets.pastedAddress = editText(secrets.pastedAddress, change);
			core.screen({type: 'sign-in-news', serial: screen.signIn.serial, news: {pasted: maskOf(secrets.pastedAddress)}});
		} else if (screen.mode === 'add' && !addForm.busy && !isChoiceField(addForm.focus)) {
			if (addForm.focus === 'password') {
				secrets.formPassword = editText(secrets.formPassword, change);
				core.form({type: 'password', mask: maskOf(secrets.formPassword)});
			} else {
				core.form({type: 'edit', field: addForm.focus, edit: change});
			}
		}
	};

	const signIns = createBrowserSignIns(core);
	const actions: UiActions = {
		...createAccountActions(core, signIns),
		...createFormActions(core, signIns),
		...signIns.actions,
		move(movement) {
			const current = view();
			core.list({type: 'move', movement, view: current.entries, pageSize: current.pageSize});
		},
		cycleSort() {
			const sort = nextSortOrder(state.screen.sort);
			pinSelection();
			stateOrder = '';
			core.screen({type: 'sort', sort});
			core.say({text: `sorted by ${sort}`, tone: 'info'});
		},
		armQuestion(serial) {
			core.screen({type: 'arm', serial});
		},
		closeOverlay() {
			core.screen({type: 'set-mode', mode: 'list'});
		},
		showHelp() {
			core.screen({type: 'set-mode', mode: 'help'});
		},
		scrollHelp(movement) {
			const page = helpPageOf(state.layout.height);
			const last = Math.max(0, helpLines.length - page);
			core.screen({type: 'help-top', top: clamp(moveIndex(state.screen.helpTop, movement, last + 1, page), 0, last)});
		},
		startFilter() {
			core.filter({type: 'start'});
			core.screen({type: 'set-mode', mode: 'filter'});
		},
		keepFilter() {
			core.filter({type: 'keep'});
			core.screen({type: 'set-mode', mode: 'list'});
		},
		clearFilter() {
			core.filter({type: 'clear'});
			core.screen({type: 'set-mode', mode: 'list'});
		},
		editText: edit,
		paste(text) {
			// Pasted text is text: into the field that has focus, never keys (a line break in it never confirms or acts).
			const {mode} = state.screen;
			const typing = mode === 'filter' || mode === 'relogin' || mode === 'sign-in' || (mode === 'add' && !isChoiceField(state.addForm.focus));
			if (typing) edit({type: 'insert', text});
			else if (mode === 'list') core.say({text: 'paste ignored', detail: 'no text field has focus (/ filters, a adds an account)', tone: 'info'});
		},
		dismissError() {
			if (state.screen.status?.tone === 'error') core.screen({type: 'status', status: undefined});
		},
		quit() {
			options.quit();
		},
	};

	let unsubscribeManager: (() => void) | undefined;
	let unsubscribeClock: (() => void) | undefined;
	const store: UiStore = {
		manager,
		demo: options.demo,
		subscribe(listener) {
			listeners.add(listener);
			unsubscribeManager ??= manager.subscribe(notify);
			unsubscribeClock ??= clock.subscribe(onTick);
			return () => {
				listeners.delete(listener);
				if (listeners.size > 0) return;
				unsubscribeManager?.();
				unsubscribeClock?.();
				unsubscribeManager = unsubscribeClock = undefined;
			};
		},
		view,
		actions,
		resize(columns, rows) {
			const layout = computeLayout(columns, rows);
			const {layout: current} = state;
			if (layout.width === current.width && layout.height === current.height && layout.tooSmall === current.tooSmall) return;
			set({...state, layout});
		},
		input: (event) => keyboard.input(event),
	};
	const keyboard = createKeyboard(store);
	return store;
}

/** Lines of help shown at once: the body less the help's title line. */
export function helpPageOf(screenHeight: number): number {
	return Math.max(1, screenHeight - chromeLines - 1);
}
