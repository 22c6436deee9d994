/**
 * The `a` form's actions. Its state lives in the store, not in the form component, so keys
 * typed before the form is drawn land in it; Enter on the last field sends the login from here.
 */
import {accessExpiresAt, type Account} from '../../services/account.js';
import {formatCountdown} from '../../rules/time-format.js';
import {isLastField, loginRequestOf, missingField} from '../add-form/add-form-state.js';
import type {StoreCore} from './store-core.js';
import type {UiActions} from './ui-actions.js';

export type FormActions = Pick<UiActions, 'openAddForm' | 'formFocus' | 'formCycle' | 'formEnter'>;

export function createFormActions(core: StoreCore): FormActions {
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
		const failed = (message: string) => {
			if (stillOpen()) core.form({type: 'failed', error: {field: 'password', message}});
		};
		void core.manager
			.login(request)
			.then((outcome) => {
				if (outcome.ok) added(outcome.account);
				else if (outcome.kind === 'auth-factor-required') {
					if (stillOpen()) core.form({type: 'needs-code', message: outcome.message});
				} else failed(outcome.message);
			})
			// The contract promises outcomes; a rejection still must not leave the form stuck.
			.catch((error: unknown) => failed(error instanceof Error ? error.message : String(error)));
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
			const missing = missingField(state);
			if (missing) core.form({type: 'failed', error: missing});
			else send();
		},
	};
}
