import assert from 'node:assert/strict';
import {test} from 'node:test';
import {filterEntries, matchesFilter} from '../../source/ui/lib/filter.js';
import {filterReducer, initialFilterState} from '../../source/ui/filter/filter-state.js';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';

const alice = {account: blueskyAccount({name: 'Alice', handle: 'alice.example.com'}), refreshing: false};
const notes = {account: zettelstoreAccount({name: 'notes', user: 'owner'}), refreshing: false};

test('matches name, service or handle/user, ignoring case', () => {
	assert.equal(matchesFilter(alice, 'ALI'), true);
	assert.equal(matchesFilter(alice, 'example.com'), true);
	assert.equal(matchesFilter(notes, 'zettel'), true);
	assert.equal(matchesFilter(notes, 'own'), true);
	assert.equal(matchesFilter(notes, 'alice'), false);
});

test('an empty filter keeps the very same array', () => {
	const entries = [alice, notes];
	assert.equal(filterEntries(entries, '  '), entries);
	assert.deepEqual(filterEntries(entries, 'bluesky'), [alice]);
});

test('filter state: typing edits, Enter keeps, Esc clears', () => {
	let state = filterReducer(initialFilterState, {type: 'start'});
	assert.equal(state.editing, true);
	state = filterReducer(state, {type: 'edit', edit: {type: 'insert', text: 'ali '}});
	state = filterReducer(state, {type: 'keep'});
	assert.deepEqual(state, {input: {text: 'ali', cursor: 3}, editing: false});
	assert.deepEqual(filterReducer(state, {type: 'clear'}), initialFilterState);
});
