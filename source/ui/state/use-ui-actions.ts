import {useMemo, useRef, type Dispatch} from 'react';
import {accessExpiresAt, accessTokenOf, type Account} from '../../services/account.js';
import type {FilterAction} from '../filter/use-filter-state.js';
import type {ListAction} from '../list/use-list-state.js';
import {formatCountdown} from '../lib/countdown.js';
import {isFreeAccess} from '../lib/expiry-state.js';
import {clipboardSequence} from '../lib/osc52.js';
import type {UiActions, UiState} from './ui-contexts.js';
import type {ScreenAction, StatusMessage} from './use-screen-state.js';

/** How long `v` shows a token, by the app's clock. */
export const revealMs = 10_000;

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
		const current = () => latest.current;
		const setStatus = (status: StatusMessage | undefined) => current().dispatchScreen({type: 'status', status});
		const selected = () => current().state.selected;

		const validFor = (account: Account) => formatCountdown(accessExpiresAt(account) - current().readClock());

		const relogin = async (id: string, name: string, password: string, code?: string) => {
			const {state, dispatchScreen} = current();
			dispatchScreen({type: 'relogin', relogin: {id, name, step: code === undefined ? 'password' : 'code', busy: true}});
			const outcome = await state.manager.relogin(id, password, code);
			if (outcome.ok) {
				dispatchScreen({type: 'relogin', relogin: undefined});
				setStatus({text: `logged in again to ${name}: valid for ${validFor(outcome.account)}`, tone: 'ok'});
			} else if (outcome.kind === 'auth-factor-required') {
				dispatchScreen({type: 'relogin', relogin: {id, name, step: 'code', password, busy: false}});
				setStatus({text: outcome.message, tone: 'info'});
			} else {
				// Stay in the prompt so a mistyped password can be typed again.
				dispatchScreen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
				setStatus({text: `login to ${name} failed: ${outcome.message}`, tone: 'error'});
			}
		};

		return {
			move(movement) {
				const {state, dispatchList} = current();
				dispatchList({type: 'move', movement, view: state.view, pageSize: state.pageSize});
			},
			refreshSelected() {
				const entry = selected();
				if (!entry) return;
				const {id, name} = entry.account;
				if (isFreeAccess(entry)) {
					setStatus({text: `${name}: no authentication needed, nothing to refresh`, tone: 'info'});
					return;
				}
				setStatus({text: `refreshing ${name}…`, tone: 'info'});
				void current()
					.state.manager.refresh(id)
					.then((outcome) => {
						if (outcome.ok) {
							setStatus({text: `refreshed ${name}: valid for ${validFor(outcome.account)}`, tone: 'ok'});
						} else if (outcome.kind === 'needs-login' || outcome.kind === 'auth-factor-required') {
							current().dispatchScreen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
							setStatus({text: `${name} needs login: ${outcome.message}`, tone: 'error'});
						} else {
							setStatus({text: `refresh of ${name} failed: ${outcome.message}`, tone: 'error'});
						}
					});
			},
			refreshAll() {
				const {state} = current();
				if (state.snapshot.entries.length === 0) return;
				setStatus({text: 'refreshing all accounts…', tone: 'info'});
				void state.manager.refreshAll().then(() => {
					setStatus({text: 'refreshed all accounts', tone: 'ok'});
				});
			},
			toggleAutoRefresh() {
				const {state} = current();
				const on = !state.snapshot.autoRefresh;
				state.manager.setAutoRefresh(on);
				setStatus({text: on ? 'auto-refresh on' : 'auto-refresh off', tone: 'info'});
			},
			toggleReveal() {
				const entry = selected();
				if (!entry) return;
				const {state, dispatchScreen, readClock} = current();
				const now = readClock();
				const {reveal} = state.screen;
				if (reveal && reveal.id === entry.account.id && now < reveal.until) {
					dispatchScreen({type: 'reveal', reveal: undefined});
					return;
				}
				dispatchScreen({type: 'reveal', reveal: {id: entry.account.id, until: now + revealMs}});
			},
			copySelected() {
				const entry = selected();
				if (!entry) return;
				const token = accessTokenOf(entry.account);
				if (token === '') {
					setStatus({text: `${entry.account.name} has no token to copy`, tone: 'info'});
					return;
				}
				current().writeRaw(clipboardSequence(token));
				setStatus({text: `copied the access token of ${entry.account.name} to the clipboard`, tone: 'ok'});
			},
			askRemove() {
				const entry = selected();
				if (!entry) return;
				current().dispatchScreen({type: 'ask-remove', id: entry.account.id, name: entry.account.name});
			},
			confirmRemove() {
				const {state, dispatchScreen} = current();
				const pending = state.screen.pendingRemove;
				dispatchScreen({type: 'set-mode', mode: 'list'});
				if (!pending) return;
				setStatus({text: `removing ${pending.name}…`, tone: 'info'});
				void state.manager.remove(pending.id).then((result) => {
					setStatus({text: result.message, tone: result.ok ? 'ok' : 'error'});
				});
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
			submitRelogin(secret) {
				const prompt = current().state.screen.relogin;
				if (!prompt || prompt.busy || secret === '') return;
				if (prompt.step === 'code' && prompt.password !== undefined) {
					void relogin(prompt.id, prompt.name, prompt.password, secret);
				} else {
					void relogin(prompt.id, prompt.name, secret);
				}
			},
			setStatus,
			quit() {
				current().quit();
			},
		};
	}, []);
}
