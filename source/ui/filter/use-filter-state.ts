import type {Key} from 'ink';
import {useReducer} from 'react';
import {editText} from '../lib/edit-text.js';

export interface FilterState {
	text: string;
	/** The filter input has focus: keys edit the text instead of acting on the list. */
	editing: boolean;
}

export type FilterAction =
	| {type: 'start'}
	| {type: 'edit'; text: string}
	/** A keypress while the filter is typed; applied to the current text, never a stale copy. */
	| {type: 'key'; input: string; key: Key}
	| {type: 'keep'}
	| {type: 'clear'};

export const initialFilterState: FilterState = {text: '', editing: false};

export function filterReducer(state: FilterState, action: FilterAction): FilterState {
	switch (action.type) {
		case 'start':
			return {...state, editing: true};
		case 'edit':
			return {...state, text: action.text};
		case 'key': {
			if (!state.editing) return state;
			const text = editText(state.text, action.input, action.key);
			return text === undefined ? state : {...state, text};
		}
		case 'keep':
			return {text: state.text.trim(), editing: false};
		case 'clear':
			return initialFilterState;
	}
}

export function useFilterState() {
	return useReducer(filterReducer, initialFilterState);
}
