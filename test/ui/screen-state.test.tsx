import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialScreenState, screenReducer} from '../../source/ui/state/use-screen-state.js';

test('leaving a mode forgets its pending question or prompt', () => {
	let state = screenReducer(initialScreenState, {type: 'ask-remove', id: 'x', name: 'alice'});
	assert.equal(state.mode, 'confirm-remove');
	assert.deepEqual(state.pendingRemove, {id: 'x', name: 'alice'});
	state = screenReducer(state, {type: 'set-mode', mode: 'list'});
	assert.equal(state.pendingRemove, undefined);
	state = screenReducer(state, {type: 'relogin', relogin: {id: 'x', name: 'alice', step: 'code', password: 'pw', busy: false}});
	assert.equal(state.mode, 'relogin');
	state = screenReducer(state, {type: 'set-mode', mode: 'list'});
	assert.equal(state.relogin, undefined, 'the kept password is dropped');
});
