/**
 * Browser sign-ins (OAuth) from the app: the add form starts one for a new account, Enter or
 * `r` on an account that needs a login starts one for it. The screen shows the address to
 * open and a field for the address the browser ended on (pasted over SSH); Esc cancels, and
 * the manager closes the loopback receiver. The pasted address carries the authorization
 * code: it is kept with the other secrets, outside the UI state, and only its mask is shown.
 */
import {accessExpiresAt} from '../../services/account.js';
import type {FailureKind} from '../../services/errors.js';
import type {BrowserSignInHandle, BrowserSignInStart} from '../../services/manager-api.js';
import {formatCountdown} from '../../rules/time-format.js';
import {emptyText, maskOf} from '../lib/edit-text.js';
import type {BrowserSignInState} from './screen-state.js';
import type {StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';
import type {UiState} from './ui-view.js';

export interface SignInFailure {
	kind: FailureKind;
	message: string;
}

export interface BrowserSignIns {
	actions: Pick<UiActions, 'submitPastedAddress' | 'cancelSignIn'>;
	/** Starts a sign-in and shows it; `failed` says a failure where the sign-in came `from` (the screen is back there). */
	start(start: BrowserSignInStart, who: string, from: BrowserSignInState['from'], failed: (failure: SignInFailure) => void): void;
	/** The state changed: a sign-in whose screen is gone (another prompt took its place) is cancelled. */
	noteState(state: UiState): void;
}

export function createBrowserSignIns(core: StoreCore): BrowserSignIns {
	let serial = 0;
	let running: {serial: number; handle: BrowserSignInHandle; from: BrowserSignInState['from']} | undefined;
	const showing = (which: number) => core.state().screen.signIn?.serial === which;

	const stop = () => {
		const current = running;
		running = undefined;
		current?.handle.cancel();
	};

	return {
		start(start, who, from, failed) {
			stop();
			const which = ++serial;
			core.screen({type: 'sign-in', signIn: {serial: which, who, from, pasted: maskOf(emptyText)}});
			const handle = core.manager.signInWithBrowser(start, {
				onAddress: (address, browserOpened) => core.screen({type: 'sign-in-news', serial: which, news: {address, browserOpened}}),
				onPasteRefused: (text) => core.screen({type: 'sign-in-news', serial: which, news: {said: {tone: 'error', text}}}),
			});
			running = {serial: which, handle, from};
			void handle.outcome.then((outcome) => {
				if (running?.serial === which) running = undefined;
				const onScreen = showing(which);
				if (outcome.ok) {
					const {account} = outcome;
					// Stored whatever the screen shows now: say so; take the screen back only from this sign-in.
					if (onScreen) {
						core.screen({type: 'set-mode', mode: 'list'});
						core.list({type: 'select-id', id: account.id});
					}
					const validFor = `valid for ${formatCountdown(accessExpiresAt(account) - core.now())}`;
					core.say({text: outcome.again ? `logged in again to ${account.name}` : `added ${account.name}`, detail: validFor, tone: 'ok'});
				} else if (onScreen) {
					core.screen({type: 'set-mode', mode: from});
					failed({kind: outcome.kind, message: outcome.message});
				}
			});
		},
		noteState(state) {
			if (running && state.screen.signIn?.serial !== running.serial) stop();
		},
		actions: {
			submitPastedAddress() {
				const {signIn} = core.state().screen;
				// A URL has no whitespace: what a terminal put into a long address it wrapped goes.
				const address = core.secrets.pastedAddress.text.replace(/\s+/g, '');
				core.secrets.pastedAddress = emptyText;
				if (!signIn || !running || running.serial !== signIn.serial) return;
				core.screen({type: 'sign-in-news', serial: signIn.serial, news: {pasted: maskOf(emptyText)}});
				if (address === '') return;
				running.handle.paste(address);
				core.screen({type: 'sign-in-news', serial: signIn.serial, news: {said: {tone: 'info', text: 'finishing the sign-in with the pasted address…'}}});
			},
			cancelSignIn() {
				const {signIn} = core.state().screen;
				if (!signIn) return;
				stop();
				core.screen({type: 'set-mode', mode: signIn.from});
				core.say({text: `sign-in of ${signIn.who} cancelled`, detail: 'nothing was stored', tone: 'info'});
			},
		},
	};
}
