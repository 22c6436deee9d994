import {useReducer} from 'react';
import type {AccountEntry} from '../../services/manager-api.js';
import {clamp} from '../lib/visible-window.js';

/**
 * The list's selection, kept by account id so it stays on the same account when others are
 * added or removed; lastIndex is the fallback when the selected account disappears.
 */
export interface ListState {
	selectedId?: string;
	lastIndex: number;
	/** First visible row. */
	top: number;
}

export type ListAction = {type: 'select'; id: string | undefined; index: number; top: number};

export const initialListState: ListState = {lastIndex: 0, top: 0};

export function listReducer(state: ListState, action: ListAction): ListState {
	switch (action.type) {
		case 'select':
			if (state.selectedId === action.id && state.lastIndex === action.index && state.top === action.top) return state;
			return {selectedId: action.id, lastIndex: action.index, top: action.top};
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

export function useListState() {
	return useReducer(listReducer, initialListState);
}
