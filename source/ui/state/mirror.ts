import type {Dispatch} from 'react';

/**
 * A reducer's state kept outside React as well. Every action goes to both, so the mirror
 * already holds what React will render next when the next key arrives, even if React has
 * not re-rendered yet (keys typed fast or pasted arrive in one tick).
 */
export interface Mirror<State, Action> {
	current(): State;
	dispatch(action: Action): void;
}

export function createMirror<State, Action>(
	reducer: (state: State, action: Action) => State,
	initial: State,
	reactDispatch: () => Dispatch<Action>,
): Mirror<State, Action> {
	let state = initial;
	return {
		current: () => state,
		dispatch(action) {
			state = reducer(state, action);
			reactDispatch()(action);
		},
	};
}
