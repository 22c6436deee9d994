import type {Account} from '../../services/account.js';
import {loginRequestOf, type AddFormState} from '../add-form/use-add-form-state.js';
import type {UiActions} from './ui-contexts.js';
import type {ActionContext} from './use-ui-actions.js';

export type AddFormActions = Pick<UiActions, 'openAddForm' | 'typeInAddForm'>;

/**
 * The `a` form's actions. Its state lives in the provider, not in the form component, so keys
 * typed before the form is drawn land in it; Enter on the last field sends the login from here.
 */
export function createAddFormActions(context: ActionContext, accountAdded: (account: Account) => void): AddFormActions {
	const {addForm, screen} = context;
	// Each opening is a new form: an answer to an earlier form's login must not land in it.
	let opened = 0;

	const send = (state: AddFormState) => {
		const form = opened;
		const stillOpen = () => form === opened && screen.current().mode === 'add';
		const failed = (message: string) => {
			if (stillOpen()) addForm.dispatch({type: 'failed', message});
		};
		void context
			.dependencies()
			.state.manager.login(loginRequestOf(state))
			.then((outcome) => {
				if (outcome.ok) accountAdded(outcome.account);
				else if (outcome.kind === 'auth-factor-required') {
					if (stillOpen()) addForm.dispatch({type: 'needs-code', message: outcome.message});
				} else failed(outcome.message);
			})
			// The contract promises outcomes; a rejection still must not leave the form stuck.
			.catch((error: unknown) => failed(error instanceof Error ? error.message : String(error)));
	};

	return {
		openAddForm() {
			opened += 1;
			addForm.dispatch({type: 'reset'});
			screen.dispatch({type: 'set-mode', mode: 'add'});
		},
		typeInAddForm(input, key) {
			const before = addForm.current().submission;
			addForm.dispatch({type: 'key', input, key});
			const after = addForm.current();
			// Enter on the last field with nothing missing: send this submission, once.
			if (after.busy && after.submission !== before) send(after);
		},
	};
}
