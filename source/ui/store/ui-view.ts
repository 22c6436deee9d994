/**
 * What the screen shows, derived from the UI state and the manager's snapshot: the filtered and
 * sorted accounts, the selection, the list's window. Derived once per change, in the store, and
 * memoised so a change of the status line does not filter 10,000 accounts again.
 */
import type {AccountEntry, ManagerSnapshot} from '../../services/manager-api.js';
import type {AddFormState} from '../add-form/add-form-state.js';
import {filterText, type FilterState} from '../filter/filter-state.js';
import {filterEntries} from '../lib/filter.js';
import type {ScreenLayout} from '../lib/layout.js';
import {sortEntries, type SortOrder} from '../lib/sort-entries.js';
import {keepInView} from '../lib/visible-window.js';
import {resolveSelectedIndex, type ListState} from '../list/list-state.js';
import type {ScreenState} from './screen-state.js';

/** The list's column titles take one line of the list pane. */
export const listTitleLines = 1;

export interface UiState {
	screen: ScreenState;
	filter: FilterState;
	list: ListState;
	addForm: AddFormState;
	layout: ScreenLayout;
}

export interface UiView {
	state: UiState;
	snapshot: ManagerSnapshot;
	/** The accounts after filtering and sorting, in display order. */
	entries: readonly AccountEntry[];
	/** -1 when the view is empty. */
	selectedIndex: number;
	selected?: AccountEntry;
	/** First visible row of the list. */
	top: number;
	/** Account rows the list shows at once (PgUp/PgDn distance). */
	pageSize: number;
}

export function pageSizeOf(layout: ScreenLayout): number {
	return Math.max(1, layout.listHeight - listTitleLines);
}

/** A deriving function with its own memo: the same inputs give the same UiView object. */
export function createViewDeriver(): (state: UiState, snapshot: ManagerSnapshot, now: number, stateOrderStamp: number) => UiView {
	let filtered: {entries: readonly AccountEntry[]; text: string; result: readonly AccountEntry[]} | undefined;
	let sorted: {filtered: readonly AccountEntry[]; sort: SortOrder; stamp: number; result: readonly AccountEntry[]} | undefined;
	let last: {state: UiState; snapshot: ManagerSnapshot; entries: readonly AccountEntry[]; view: UiView} | undefined;
	return (state, snapshot, now, stateOrderStamp) => {
		const text = filterText(state.filter);
		if (filtered?.entries !== snapshot.entries || filtered.text !== text) {
			filtered = {entries: snapshot.entries, text, result: filterEntries(snapshot.entries, text)};
		}
		const {sort} = state.screen;
		// Only the 'state' order changes with time; the stamp says when it did.
		const stamp = sort === 'state' ? stateOrderStamp : 0;
		if (sorted?.filtered !== filtered.result || sorted.sort !== sort || sorted.stamp !== stamp) {
			sorted = {filtered: filtered.result, sort, stamp, result: sortEntries(filtered.result, sort, now)};
		}
		const entries = sorted.result;
		if (last?.state === state && last.snapshot === snapshot && last.entries === entries) return last.view;
		const selectedIndex = resolveSelectedIndex(state.list, entries);
		const pageSize = pageSizeOf(state.layout);
		const view: UiView = {
			state,
			snapshot,
			entries,
			selectedIndex,
			selected: entries[selectedIndex],
			// Resizes, filtering and sorting can move the selection out of the stored window: scroll to it.
			top: keepInView(state.list.top, Math.max(0, selectedIndex), pageSize, entries.length),
			pageSize,
		};
		last = {state, snapshot, entries, view};
		return view;
	};
}
