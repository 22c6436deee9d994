import type {AccountEntry} from '../../services/manager-api.js';
import {clamp, keepInView, moveIndex, type Movement} from '../lib/visible-window.js';

/**
 * The list's selection, kept by account id so it stays on the same account when others are
 * added, removed or sorted differently; lastIndex is the fallback when the selected account
 * disappears.
 */
export interface ListState {
	selectedId?: string;
	lastIndex: number;
	/** First visible row. */
	top: number;
}

export type ListAction =
	/** Carries the view it applies to, so fast repeated keys never act on a stale selection. */
	| {type: 'move'; movement: Movement; view: readonly AccountEntry[]; pageSize: number}
	| {type: 'select-id'; id: string};

export const initialListState: ListState = {lastIndex: 0, top: 0};

export function listReducer(state: ListState, action: ListAction): ListState {
	switch (action.type) {
		case 'move': {
			const {view, pageSize} = action;
			if (view.length === 0) return state;
			const index = moveIndex(resolveSelectedIndex(state, view), action.movement, view.length, pageSize);
			const top = keepInView(state.top, index, pageSize, view.length);
			const selectedId = view[index]?.account.id;
			if (selectedId === state.selectedId && index === state.lastIndex && top === state.top) return state;
			return {selectedId, lastIndex: index, top};
		}
		case 'select-id':
			return {...state, selectedId: action.id};
	}
}

/** Index of the selected account in the (filtered) view, or -1 for an empty view. */
export function resolveSelectedIndex(state: ListState, view: readonly AccountEntry[]): number {
	if (view.length === 0) return -1;
	if (state.selectedId !== undefined) {
		// Fast path: the account usually is still where it was.
		if (view[state.lastIndex]?.account.id === state.selectedId) return state.lastIndex;
		const found = view.findIndex((entry) => entry.account.id === state.selectedId);
		if (found !== -1) return found;
	}
	return clamp(state.lastIndex, 0, view.length - 1);
}
