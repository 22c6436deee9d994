import {editText, emptyText, type TextEdit, type TextState} from '../lib/edit-text.js';

export interface FilterState {
	/** What was typed, with the cursor. */
	input: TextState;
	/** The filter input has focus: keys edit the text instead of acting on the list. */
	editing: boolean;
}

export type FilterAction = {type: 'start'} | {type: 'edit'; edit: TextEdit} | {type: 'keep'} | {type: 'clear'};

export const initialFilterState: FilterState = {input: emptyText, editing: false};

export function filterReducer(state: FilterState, action: FilterAction): FilterState {
	switch (action.type) {
		case 'start':
			return {...state, editing: true};
		case 'edit': {
			if (!state.editing) return state;
			const input = editText(state.input, action.edit);
			return input === state.input ? state : {...state, input};
		}
		case 'keep': {
			const text = state.input.text.trim();
			return {input: {text, cursor: Array.from(text).length}, editing: false};
		}
		case 'clear':
			return initialFilterState;
	}
}

/** The text the list is filtered by. */
export function filterText(state: FilterState): string {
	return state.input.text;
}
