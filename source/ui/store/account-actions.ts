/** The actions that act on accounts through the manager; each reads the state as the keys before it left it. */
import {accessExpiresAt, accessTokenOf, canReloginUnattended, type Account} from '../../services/account.js';
import type {AccountEntry, BulkOutcome, RefreshOutcome} from '../../services/manager-api.js';
import {isFreeAccess, tokenUseOf} from '../../rules/account-state.js';
import {failureWords, needsPerson, serverUnavailable} from '../../rules/failure-words.js';
import {formatAgo, formatCountdown} from '../../rules/time-format.js';
import {kindOf} from '../../services/kinds.js';
import {clipboardSequence} from '../lib/osc52.js';
import type {BrowserSignIns} from './sign-in-actions.js';
import type {StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';

/** How long `v` shows a token, by the app's clock. */
export const revealMs = 10_000;

export type AccountActions = Pick<
	UiActions,
	'refreshSelected' | 'loginSelected' | 'refreshAll' | 'toggleAutoRefresh' | 'toggleReveal' | 'copySelected' | 'askRemove' | 'answerRemove' | 'submitRelogin'
>;

/** The in-app words for "the server emailed a sign-in code" (the server's own words speak of the command line). */
export const signInCodeWords = 'enter the code from the email in the sign-in code field';

/** An account that needs a login and has no remembered password: only a person (typing one, or in a browser) helps. */
export function needsPassword(entry: AccountEntry): boolean {
	return entry.account.status === 'needs-login' && !canReloginUnattended(entry.account);
}

/** Kinds that sign in in a browser (OAuth) log in again there, not with a password. */
function signsInInBrowser(account: Account): boolean {
	return kindOf(account).login.method === 'browser';
}

export function createAccountActions(core: StoreCore, signIns: BrowserSignIns): AccountActions {
	const validFor = (account: Account) => `valid for ${formatCountdown(accessExpiresAt(account) - core.now())}`;
	// The contract promises outcomes, not rejections; should one slip through, say so instead of crashing.
	const failed = (what: string) => (error: unknown) =>
		core.say({text: `${what} failed`, detail: error instanceof Error ? error.message : String(error), tone: 'error'});
	const unexpected = (error: unknown): RefreshOutcome => ({ok: false, kind: 'network', message: error instanceof Error ? error.message : String(error)});

	const askPassword = (id: string, name: string) => core.screen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
	/** What only a person can do: type the password, or sign in in the browser. */
	const askPerson = (account: Account) => {
		const {id, name} = account;
		if (signsInInBrowser(account)) signIns.start({again: id}, name, 'list', (failure) => core.say({text: `login to ${name} failed`, detail: failure.message, tone: 'error'}));
		else askPassword(id, name);
	};

	const relogin = async (id: string, name: string, password: string, code?: string) => {
		core.screen({type: 'relogin', relogin: {id, name, step: code === undefined ? 'password' : 'code', busy: true}});
		const outcome = await core.manager.relogin(id, password, code).catch(unexpected);
		if (outcome.ok) {
			core.screen({type: 'relogin', relogin: undefined});
			core.say({text: `logged in again to ${name}`, detail: validFor(outcome.account), tone: 'ok'});
		} else if (outcome.kind === 'auth-factor-required') {
			// Asked for the emailed code (or the code typed was refused): the code step, with the password kept for it.
			core.screen({type: 'relogin', relogin: {id, name, step: 'code', busy: false}});
			core.secrets.reloginPassword = password;
			if (code === undefined) core.say({text: `${name}: ${signInCodeWords}`, tone: 'info', lasting: true});
			else core.say({text: `login to ${name} failed`, detail: outcome.message, tone: 'error'});
		} else {
			// Stay in the prompt so a mistyped password can be typed again.
			core.screen({type: 'relogin', relogin: {id, name, step: 'password', busy: false}});
			core.say({text: `login to ${name} failed`, detail: outcome.message, tone: 'error'});
		}
	};

	const refresh = (entry: AccountEntry) => {
		const {id, name} = entry.account;
		const before = {token: accessTokenOf(entry.account), expiresAt: accessExpiresAt(entry.account)};
		core.say({text: `refreshing ${name}…`, tone: 'info', lasting: true});
		void core.manager
			.refresh(id)
			.then((outcome) => {
				if (outcome.ok) {
					// A renewal in a young token's first quarter hands back the same token, expiry and all.
					const unchanged = accessTokenOf(outcome.account) === before.token && accessExpiresAt(outcome.account) === before.expiresAt;
					core.say({text: unchanged ? `${name}: still valid, unchanged` : `refreshed ${name}`, detail: validFor(outcome.account), tone: 'ok'});
				} else if (needsPerson(outcome.kind)) {
					// A password prompt opens at once; a browser is only opened when asked (Enter).
					if (!signsInInBrowser(entry.account)) askPassword(id, name);
					core.say({text: signsInInBrowser(entry.account) ? `${name} needs login — Enter signs in with the browser` : `${name} needs login`, detail: outcome.message, tone: 'error'});
				} else {
					core.say({text: `refresh of ${name} failed`, detail: outcome.message, tone: 'error'});
				}
			})
			.catch(failed(`refresh of ${name}`));
	};

	/** Why a token may not be handed out, in words, or undefined when it may. */
	const refusal = (entry: AccountEntry, verb: string): {text: string; detail: string} | undefined => {
		const {name} = entry.account;
		const now = core.now();
		switch (tokenUseOf(entry, now)) {
			case 'usable':
				return undefined;
			case 'no-token':
				return {text: `${name} has no token to ${verb}`, detail: 'its server needs no authentication'};
			case 'expired':
				return {text: `not ${verb === 'copy' ? 'copied' : 'shown'}: the token of ${name} expired ${formatAgo(now - accessExpiresAt(entry.account))}`, detail: 'r gets a new one'};
			case 'rejected':
				return {text: `not ${verb === 'copy' ? 'copied' : 'shown'}: the server rejected the token of ${name}`, detail: 'Enter logs in again'};
		}
	};

	return {
		refreshSelected() {
			const entry = core.selected();
			if (!entry) return;
			const {name} = entry.account;
			if (isFreeAccess(entry)) core.say({text: `${name}: no authentication needed`, detail: 'nothing to refresh', tone: 'info'});
			else if (needsPassword(entry)) askPerson(entry.account);
			else refresh(entry);
		},
		loginSelected() {
			const entry = core.selected();
			if (!entry || entry.account.status !== 'needs-login') return;
			// With a remembered password the refresh logs in by itself.
			if (needsPassword(entry)) askPerson(entry.account);
			else refresh(entry);
		},
		refreshAll() {
			const {entries, bulk} = core.manager.getSnapshot();
			if (entries.length === 0) return;
			if (bulk) {
				core.say({text: 'a refresh of all accounts is running already', tone: 'info'});
				return;
			}
			core.say({text: 'refreshing all accounts…', tone: 'info', lasting: true});
			void core.manager
				.refreshAll()
				.then((outcomes) => core.say(bulkSummary(outcomes)))
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
			const refused = refusal(entry, 'show');
			if (refused) core.say({...refused, tone: 'error'});
			else core.screen({type: 'reveal', reveal: {id: entry.account.id, until: now + revealMs}});
		},
		copySelected() {
			const entry = core.selected();
			if (!entry) return;
			const refused = refusal(entry, 'copy');
			if (refused) {
				core.say({...refused, tone: 'error'});
				return;
			}
			core.writeRaw(clipboardSequence(accessTokenOf(entry.account)));
			core.say({text: `copied the access token of ${entry.account.name}`, detail: `to the clipboard, ${validFor(entry.account)}`, tone: 'ok'});
		},
		askRemove() {
			const entry = core.selected();
			if (!entry) return;
			core.screen({type: 'ask-remove', id: entry.account.id, name: entry.account.name, step: 'server'});
		},
		answerRemove(yes, alone = false) {
			const {question} = core.state().screen;
			if (!question) return;
			if (!yes) {
				core.screen({type: 'set-mode', mode: 'list'});
				return;
			}
			// Only a y typed on its own after the question was on the screen: never one that came with the d, or in a paste.
			if (!question.armed || !alone) return;
			core.screen({type: 'set-mode', mode: 'list'});
			const {id, name, step} = question;
			const force = step === 'local';
			core.say({text: `removing ${name}…`, tone: 'info', lasting: true});
			void core.manager
				.remove(id, {force})
				.then((result) => {
					if (result.ok) core.say({text: force ? `removed ${name} from tokentop` : `removed ${name}`, detail: result.message, tone: 'ok'});
					else if (!force && serverUnavailable(result.kind)) core.screen({type: 'ask-remove', id, name, step: 'local', reason: result.message});
					else core.say({text: `could not remove ${name}`, detail: result.message, tone: 'error'});
				})
				.catch(failed(`removing ${name}`));
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

/** "refreshed 6, failed 2 (alice: needs login; notes: server unreachable)"; accounts without authentication are counted apart. */
export function bulkSummary(outcomes: readonly BulkOutcome[]): {text: string; detail?: string; joiner?: string; tone: 'ok' | 'error' | 'info'} {
	if (outcomes.length === 0) return {text: 'nothing to refresh', tone: 'info'};
	const failures = outcomes.filter((result) => !result.outcome.ok);
	const free = outcomes.filter((result) => result.outcome.ok && isFreeAccess({account: result.outcome.account, refreshing: false})).length;
	const refreshed = outcomes.length - failures.length - free;
	const parts = [`refreshed ${refreshed}`];
	if (failures.length > 0) parts.push(`failed ${failures.length}`);
	if (free > 0) parts.push(`${free} need no auth`);
	const text = parts.join(', ');
	if (failures.length === 0) return {text, tone: 'ok'};
	const names = failures.map(({name, outcome}) => `${name}: ${outcome.ok ? 'ok' : failureWords(outcome.kind)}`).join('; ');
	return {text, detail: `(${names})`, joiner: ' ', tone: 'error'};
}
