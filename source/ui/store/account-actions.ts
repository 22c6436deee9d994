/** The actions that act on accounts through the manager; each reads the state as the keys before it left it. */
import {accessExpiresAt, accessTokenOf, type Account} from '../../services/account.js';
import {isFreeAccess} from '../../rules/account-state.js';
import {formatCountdown} from '../../rules/time-format.js';
import {clipboardSequence} from '../lib/osc52.js';
import type {StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';

/** How long `v` shows a token, by the app's clock. */
export const revealMs = 10_000;

export type AccountActions = Pick<
	UiActions,
	'refreshSelected' | 'loginSelected' | 'refreshAll' | 'toggleAutoRefresh' | 'toggleReveal' | 'copySelected' | 'askRemove' | 'answerRemove' | 'submitRelogin'
>;

export function createAccountActions(core: StoreCore): AccountActions {
	const validFor = (account: Account) => formatCountdown(accessExpiresAt(account) - core.now());
	// The contract promises outcomes, not rejections; should one slip through, say so instead of crashing.
	const failed = (what: string) => (error: unknown) =>
		core.say({text: `${what} failed`, detail: error instanceof Error ? error.message : String(error), tone: 'error'});

	const relogin = async (id: string, name: string, password: string, code?: string) => {
		core.screen({type: 'relogin', relogin: {id, name, step: code === undefined ? 'password' : 'code', busy: true}});
		const outcome = await core.manager.relogin(id, password, code).catch((error: unknown) => ({
			ok: false as const,
			kind: 'network' as const,
			message: error instanceof Error ? error.message : String(error),
		}));
		if (outcome.ok) {
			core.screen({type: 'relogin', relogin: undefined});
			core.say({text: `logged in again to ${name}`, detail: `valid for ${validFor(outcome.account)}`, tone: 'ok'});
		} else if (outcome.kind === 'auth-factor-required') {
			core.screen({type: 'relogin', relogin: {id, name, step: 'code', busy: false}});
			core.secrets.reloginPassword = password;
			core.say({text: outcome.message, tone: 'info', lasting: true});
		} else {
			// Stay in the prompt so a mistyped password can be typed again.
			core.screen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
			core.say({text: `login to ${name} failed`, detail: outcome.message, tone: 'error'});
		}
	};

	const askPassword = (id: string, name: string) => core.screen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});

	return {
		refreshSelected() {
			const entry = core.selected();
			if (!entry) return;
			const {id, name} = entry.account;
			if (isFreeAccess(entry)) {
				core.say({text: `${name}: no authentication needed`, detail: 'nothing to refresh', tone: 'info'});
				return;
			}
			core.say({text: `refreshing ${name}…`, tone: 'info', lasting: true});
			void core.manager
				.refresh(id)
				.then((outcome) => {
					if (outcome.ok) {
						core.say({text: `refreshed ${name}`, detail: `valid for ${validFor(outcome.account)}`, tone: 'ok'});
					} else if (outcome.kind === 'needs-login' || outcome.kind === 'auth-factor-required') {
						askPassword(id, name);
						core.say({text: `${name} needs login`, detail: outcome.message, tone: 'error'});
					} else {
						core.say({text: `refresh of ${name} failed`, detail: outcome.message, tone: 'error'});
					}
				})
				.catch(failed(`refresh of ${name}`));
		},
		loginSelected() {
			const entry = core.selected();
			if (entry?.account.status === 'needs-login') askPassword(entry.account.id, entry.account.name);
		},
		refreshAll() {
			if (core.manager.getSnapshot().entries.length === 0) return;
			core.say({text: 'refreshing all accounts…', tone: 'info', lasting: true});
			void core.manager
				.refreshAll()
				.then(() => core.say({text: 'refreshed all accounts', tone: 'ok'}))
				.catch(failed('refresh of all accounts'));
		},
		toggleAutoRefresh() {
			const on = !core.manager.getSnapshot().autoRefresh;
			core.manager.setAutoRefresh(on);
			core.say({text: on ? 'auto-refresh on' : 'auto-refresh off', tone: 'info'});
		},
		toggleReveal() {
			const entry = core.selected();
			if (!entry) return;
			const now = core.now();
			const {reveal} = core.state().screen;
			if (reveal && reveal.id === entry.account.id && now < reveal.until) {
				core.screen({type: 'reveal', reveal: undefined});
				return;
			}
			core.screen({type: 'reveal', reveal: {id: entry.account.id, until: now + revealMs}});
		},
		copySelected() {
			const entry = core.selected();
			if (!entry) return;
			const token = accessTokenOf(entry.account);
			if (token === '') {
				core.say({text: `${entry.account.name} has no token to copy`, tone: 'info'});
				return;
			}
			core.writeRaw(clipboardSequence(token));
			core.say({text: `copied the access token of ${entry.account.name} to the clipboard`, tone: 'ok'});
		},
		askRemove() {
			const entry = core.selected();
			if (!entry) return;
			core.screen({type: 'ask-remove', id: entry.account.id, name: entry.account.name, step: 'server'});
		},
		answerRemove(yes) {
			const {question} = core.state().screen;
			if (!question) return;
			core.screen({type: 'set-mode', mode: 'list'});
			if (!yes) return;
			core.say({text: `removing ${question.name}…`, tone: 'info', lasting: true});
			void core.manager
				.remove(question.id)
				.then((result) => core.say({text: result.message, tone: result.ok ? 'ok' : 'error'}))
				.catch(failed(`removing ${question.name}`));
		},
		submitRelogin() {
			const {relogin: prompt} = core.state().screen;
			const typed = core.secrets.relogin.text;
			core.screen({type: 'secret', mask: {length: 0, cursor: 0}});
			if (!prompt || prompt.busy || typed === '') return;
			const password = core.secrets.reloginPassword;
			if (prompt.step === 'code' && password !== undefined) void relogin(prompt.id, prompt.name, password, typed);
			else void relogin(prompt.id, prompt.name, typed);
		},
	};
}
