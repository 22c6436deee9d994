/**
 * The `a` form's actions. Its state lives in the store, not in the form component, so keys
 * typed before the form is drawn land in it; Enter on the last field sends the login from here.
 */
import {accessExpiresAt, type Account} from '../../services/account.js';
import {formatCountdown} from '../../rules/time-format.js';
import type {FailureKind} from '../../services/errors.js';
import {storedLoginAmong, takenNameAmong} from '../../services/login-plan.js';
import {fieldsOf, isLastField, loginRequestOf, missingField, signsInInBrowser, type FieldName, type FormError} from '../add-form/add-form-state.js';
import {signInCodeWords} from './account-actions.js';
import type {BrowserSignIns} from './sign-in-actions.js';
import type {StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';

export type FormActions = Pick<UiActions, 'openAddForm' | 'formFocus' | 'formCycle' | 'formEnter'>;

export function createFormActions(core: StoreCore, signIns: BrowserSignIns): FormActions {
	// Each opening is a new form: an answer to an earlier form's login must not land in it.
	let opened = 0;

	const added = (account: Account) => {
		// Close the form only if it is still what the user is looking at.
		if (core.state().screen.mode === 'add') core.screen({type: 'set-mode', mode: 'list'});
		// Select it; the list finds its index once the snapshot contains it.
		core.list({type: 'select-id', id: account.id});
		core.say({text: `added ${account.name}`, detail: `valid for ${formatCountdown(accessExpiresAt(account) - core.now())}`, tone: 'ok'});
	};

	const send = () => {
		const state = core.state().addForm;
		const request = loginRequestOf(state, core.secrets.formPassword.text);
		core.form({type: 'submitting'});
		const form = opened;
		const stillOpen = () => form === opened && core.state().screen.mode === 'add';
		const failed = (error: FormError) => {
			if (stillOpen()) core.form({type: 'failed', error});
		};
		void core.manager
			.login(request)
			.then((outcome) => {
				if (outcome.ok) added(outcome.account);
				else if (outcome.kind === 'auth-factor-required' && request.authFactorToken === undefined) {
					if (stillOpen()) core.form({type: 'needs-code', message: `a sign-in code was sent by email: ${signInCodeWords}`});
				} else failed({field: fieldOfFailure(outcome.kind, outcome.message), message: outcome.message});
			})
			// The contract promises outcomes; a rejection still must not leave the form stuck.
			.catch((error: unknown) => failed({field: 'url', message: error instanceof Error ? error.message : String(error)}));
	};

	/**
	 * A browser sign-in: an identity stored already (same kind) is logged in again in place;
	 * otherwise the name it would get must be free. Both are known before the browser opens.
	 */
	const signInWithBrowser = () => {
		const state = core.state().addForm;
		const request = loginRequestOf(state, '');
		const accounts = core.manager.getSnapshot().entries.map((entry) => entry.account);
		const target = {url: request.url, identifier: request.identifier};
		const stored = storedLoginAmong(accounts, request.service, target);
		const wrong: FormError | undefined = stored
			? request.name !== undefined && request.name !== stored.name
				? {field: 'name', message: `${request.identifier} is stored already as "${stored.name}": leave the name empty to log it in again`}
				: undefined
			: clashOf(takenNameAmong(accounts, request.service, target, request.name));
		if (wrong) {
			core.form({type: 'failed', error: wrong});
			return;
		}
		const form = opened;
		signIns.start({request, ...(stored ? {stored: stored.id} : {})}, stored?.name ?? request.identifier, 'add', (failure) => {
			// Only into the form it came from, and onto a field the form shows.
			if (form !== opened) return;
			const field = fieldOfFailure(failure.kind, failure.message);
			core.form({type: 'failed', error: {field: fieldsOf(core.state().addForm).includes(field) ? field : 'identifier', message: failure.message}});
		});
	};

	const clashOf = (name: string | undefined): FormError | undefined =>
		name === undefined ? undefined : {field: 'name', message: `an account named "${name}" exists already: choose another name`};

	/** A name another account has already: said before any password is sent. */
	const nameClash = (): FormError | undefined => {
		const name = core.state().addForm.name.text.trim();
		return clashOf(name !== '' && core.manager.getSnapshot().entries.some((entry) => entry.account.name === name) ? name : undefined);
	};

	return {
		openAddForm() {
			opened += 1;
			core.form({type: 'reset'});
			core.screen({type: 'set-mode', mode: 'add'});
		},
		formFocus(direction) {
			core.form({type: 'focus', direction});
		},
		formCycle(direction) {
			core.form({type: 'cycle', direction});
		},
		formEnter() {
			const state = core.state().addForm;
			if (state.busy) return;
			if (!isLastField(state)) {
				core.form({type: 'focus', direction: 1});
				return;
			}
			const wrong = missingField(state) ?? (signsInInBrowser(state.service) ? undefined : nameClash());
			if (wrong) core.form({type: 'failed', error: wrong});
			else if (signsInInBrowser(state.service)) signInWithBrowser();
			else send();
		},
	};
}

/** Which field a failed login points at, so the focus goes there. */
export function fieldOfFailure(kind: FailureKind, message: string): FieldName {
	switch (kind) {
		case 'bad-credentials':
			return 'password';
		case 'auth-factor-required':
			return 'code';
		case 'needs-login':
		case 'account-takedown':
		case 'identity-drift':
		case 'rate-limited':
			return 'identifier';
		case 'refused':
		case 'network':
		case 'server':
		case 'bad-answer':
			return 'url';
		case 'keyring':
			return 'remember';
		case 'config':
		case 'storage':
		case 'no-store':
		case 'lock-timeout':
		case 'changed-elsewhere':
			// The store, not a field: the form stays where it can be sent again.
			return 'password';
		case 'usage':
			// A usage failure of a login is a bad name, a bad URL or a keyring that is not there.
			if (/\bname\b/i.test(message)) return 'name';
			if (/keyring/i.test(message)) return 'remember';
			return 'url';
	}
}
