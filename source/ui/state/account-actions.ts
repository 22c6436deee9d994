import {accessExpiresAt, accessTokenOf, type Account} from '../../services/account.js';
import {formatCountdown} from '../../rules/time-format.js';
import {isFreeAccess} from '../../rules/account-state.js';
import {clipboardSequence} from '../lib/osc52.js';
import type {UiActions} from './ui-contexts.js';
import type {ActionContext} from './use-ui-actions.js';

/** How long `v` shows a token, by the app's clock. */
export const revealMs = 10_000;

export interface AccountActions
	extends Pick<UiActions, 'refreshSelected' | 'refreshAll' | 'toggleAutoRefresh' | 'toggleReveal' | 'copySelected' | 'askRemove' | 'confirmRemove'> {
	/** Logs in again with the password (or 2FA code) typed into the re-login prompt. */
	sendRelogin(secret: string): void;
}

/** The actions that act on accounts through the manager; they read the state as the keys left it. */
export function createAccountActions(context: ActionContext): AccountActions {
	const {screen, setStatus, selected} = context;
	const dispatchScreen = screen.dispatch;
	const current = context.dependencies;
	const validFor = (account: Account) => formatCountdown(accessExpiresAt(account) - current().readClock());
	// The contract promises outcomes, not rejections; should one slip through, say so instead of crashing.
	const failed = (what: string) => (error: unknown) =>
		setStatus({text: `${what} failed: ${error instanceof Error ? error.message : String(error)}`, tone: 'error'});

	const relogin = async (id: string, name: string, password: string, code?: string) => {
		const {state} = current();
		dispatchScreen({type: 'relogin', relogin: {id, name, step: code === undefined ? 'password' : 'code', busy: true}});
		const outcome = await state.manager.relogin(id, password, code).catch((error: unknown) => ({
			ok: false as const,
			kind: 'network' as const,
			message: error instanceof Error ? error.message : String(error),
		}));
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
						dispatchScreen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
						setStatus({text: `${name} needs login: ${outcome.message}`, tone: 'error'});
					} else {
						setStatus({text: `refresh of ${name} failed: ${outcome.message}`, tone: 'error'});
					}
				})
				.catch(failed(`refresh of ${name}`));
		},
		refreshAll() {
			const {state} = current();
			if (state.manager.getSnapshot().entries.length === 0) return;
			setStatus({text: 'refreshing all accounts…', tone: 'info'});
			void state.manager
				.refreshAll()
				.then(() => setStatus({text: 'refreshed all accounts', tone: 'ok'}))
				.catch(failed('refresh of all accounts'));
		},
		toggleAutoRefresh() {
			const {state} = current();
			const on = !state.manager.getSnapshot().autoRefresh;
			state.manager.setAutoRefresh(on);
			setStatus({text: on ? 'auto-refresh on' : 'auto-refresh off', tone: 'info'});
		},
		toggleReveal() {
			const entry = selected();
			if (!entry) return;
			const now = current().readClock();
			const {reveal} = screen.current();
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
			dispatchScreen({type: 'ask-remove', id: entry.account.id, name: entry.account.name});
		},
		confirmRemove() {
			const {state} = current();
			const pending = screen.current().pendingRemove;
			dispatchScreen({type: 'set-mode', mode: 'list'});
			if (!pending) return;
			setStatus({text: `removing ${pending.name}…`, tone: 'info'});
			void state.manager
				.remove(pending.id)
				.then((result) => setStatus({text: result.message, tone: result.ok ? 'ok' : 'error'}))
				.catch(failed(`removing ${pending.name}`));
		},
		sendRelogin(secret) {
			const prompt = screen.current().relogin;
			if (!prompt || prompt.busy || secret === '') return;
			if (prompt.step === 'code' && prompt.password !== undefined) {
				void relogin(prompt.id, prompt.name, prompt.password, secret);
			} else {
				void relogin(prompt.id, prompt.name, secret);
			}
		},
	};
}
