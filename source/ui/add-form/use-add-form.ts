import {useInput} from 'ink';
import {useEffect, useRef} from 'react';
import {useUiActions, useUiState} from '../state/ui-contexts.js';
import {loginRequestOf, useAddFormState, type AddFormState} from './use-add-form-state.js';

/** The add form's keys and its login; the list's keys are off while the form is open. */
export function useAddForm(): AddFormState {
	const [state, dispatch] = useAddFormState();
	const {manager} = useUiState();
	const actions = useUiActions();

	useInput((input, key) => {
		if (actions.keyboardOwner() !== 'add') return;
		if (key.escape) actions.closeOverlay();
		else dispatch({type: 'key', input, key});
	});

	// Send each submission once, with the state as committed when Enter was handled.
	const sent = useRef(0);
	useEffect(() => {
		if (!state.busy || state.submission === sent.current) return;
		sent.current = state.submission;
		void manager
			.login(loginRequestOf(state))
			.then((outcome) => {
				if (outcome.ok) actions.accountAdded(outcome.account);
				else if (outcome.kind === 'auth-factor-required') dispatch({type: 'needs-code', message: outcome.message});
				else dispatch({type: 'failed', message: outcome.message});
			})
			// The contract promises outcomes; a rejection still must not leave the form stuck.
			.catch((error: unknown) => dispatch({type: 'failed', message: error instanceof Error ? error.message : String(error)}));
	}, [state, manager, actions, dispatch]);

	return state;
}
