import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialListState, listReducer, resolveSelectedIndex, type ListState} from '../../source/ui/list/list-state.js';
import type {Movement} from '../../source/ui/lib/visible-window.js';
import {blueskyAccount} from '../support/fake-manager.js';

const entries = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({account: blueskyAccount({name}), refreshing: false}));
const move = (state: ListState, movement: Movement, view = entries, pageSize = 3) =>
	listReducer(state, {type: 'move', movement, view, pageSize});

test('moves select by id and scroll the window with the selection', () => {
	let state = move(initialListState, 'down');
	assert.equal(state.selectedId, entries[1]!.account.id);
	state = move(move(move(state, 'down'), 'down'), 'down');
	assert.equal(state.lastIndex, 4);
	assert.equal(state.top, 2, 'the 3-row window follows');
	state = move(state, 'first');
	assert.deepEqual([state.lastIndex, state.top], [0, 0]);
	assert.equal(move(state, 'page-down').lastIndex, 3);
});

test('repeated moves build on each other (no stale selection)', () => {
	const state = [1, 2, 3].reduce((current) => move(current, 'down'), initialListState);
	assert.equal(state.lastIndex, 3);
});

test('the selection follows its account when others are added or removed', () => {
	const state = move(move(initialListState, 'down'), 'down');
	assert.equal(resolveSelectedIndex(state, entries), 2);
	// "a" was removed: "c" is now at index 1.
	assert.equal(resolveSelectedIndex(state, entries.slice(1)), 1);
});

test('when the selected account disappears, the selection stays at its place', () => {
	const state = move(initialListState, 'last');
	assert.equal(resolveSelectedIndex(state, entries.slice(0, 3)), 2);
	assert.equal(resolveSelectedIndex(state, []), -1);
});

test('a new account is selected by id wherever it lands', () => {
	const state = listReducer(initialListState, {type: 'select-id', id: entries[4]!.account.id});
	assert.equal(resolveSelectedIndex(state, entries), 4);
});

test('a move that changes nothing keeps the state object', () => {
	const state = move(initialListState, 'first');
	assert.equal(move(state, 'up'), state);
	assert.equal(move(state, 'down', []), state);
});
