import {useInput} from 'ink';
import {useCallback, useRef} from 'react';
import {editText} from '../lib/edit-text.js';
import {useUiActions, useUiState} from '../state/ui-contexts.js';
import {
	fieldsOf,
	isChoiceField,
	loginRequestOf,
	missingField,
	useAddFormState,
	type AddFormState,
} from './use-add-form-state.js';

/** The add form's keys and its submit; the list's keys are off while the form is open. */
export function useAddForm(): AddFormState {
	const [state, dispatch] = useAddFormState();
	const {manager} = useUiState();
	const actions = useUiActions();
	// Read in the async submit, which outlives the render it started in.
	const latest = useRef(state);
	latest.current = state;

	const submit = useCallback(async () => {
		const missing = missingField(latest.current);
		if (missing) {
			dispatch({type: 'failed', message: missing});
			return;
		}
		dispatch({type: 'submitting'});
		const outcome = await manager.login(loginRequestOf(latest.current));
		if (outcome.ok) actions.accountAdded(outcome.account);
		else if (outcome.kind === 'auth-factor-required') dispatch({type: 'needs-code', message: outcome.message});
		else dispatch({type: 'failed', message: outcome.message});
	}, [manager, actions, dispatch]);

	useInput(
		(input, key) => {
			if (key.escape) {
				actions.closeOverlay();
				return;
			}
			const fields = fieldsOf(state);
			if (key.return) {
				if (state.focus === fields[fields.length - 1]) void submit();
				else dispatch({type: 'focus', direction: 1});
				return;
			}
			if (key.tab || key.downArrow || key.upArrow) {
				dispatch({type: 'focus', direction: key.upArrow || (key.tab && key.shift) ? -1 : 1});
				return;
			}
			if (isChoiceField(state.focus)) {
				if (key.leftArrow) dispatch({type: 'cycle', direction: -1});
				else if (key.rightArrow || input === ' ') dispatch({type: 'cycle', direction: 1});
				return;
			}
			const field = state.focus;
			const edited = editText(state[field], input, key);
			if (edited !== undefined) dispatch({type: 'edit', field, value: edited});
		},
		{isActive: !state.busy},
	);
	return state;
}
