import assert from 'node:assert/strict';
import {test} from 'node:test';
import {initialScreenState, screenReducer} from '../../source/ui/store/screen-state.js';

test('leaving a mode forgets its pending question or prompt', () => {
	let state = screenReducer(initialScreenState, {type: 'ask-remove', id: 'x', name: 'alice', step: 'server'});
	assert.equal(state.mode, 'confirm-remove');
	assert.deepEqual(state.question, {id: 'x', name: 'alice', step: 'server', reason: undefined, serial: 1, armed: false});
	state = screenReducer(state, {type: 'set-mode', mode: 'list'});
	assert.equal(state.question, undefined);
	state = screenReducer(state, {type: 'relogin', relogin: {id: 'x', name: 'alice', step: 'code', busy: false}});
	state = screenReducer(state, {type: 'secret', mask: {length: 3, cursor: 3}});
	assert.equal(state.mode, 'relogin');
	state = screenReducer(state, {type: 'set-mode', mode: 'list'});
	assert.equal(state.relogin, undefined);
	assert.deepEqual(state.secret, {length: 0, cursor: 0}, 'the mask of what was typed goes with the prompt');
});

test('a question is armed only by the draw of that very question', () => {
	let state = screenReducer(initialScreenState, {type: 'ask-remove', id: 'x', name: 'alice', step: 'server'});
	state = screenReducer(state, {type: 'set-mode', mode: 'list'});
	state = screenReducer(state, {type: 'ask-remove', id: 'x', name: 'alice', step: 'server'});
	assert.equal(state.question?.serial, 2);
	assert.equal(screenReducer(state, {type: 'arm', serial: 1}), state, 'a late draw of the first question arms nothing');
	assert.equal(screenReducer(state, {type: 'arm', serial: 2}).question?.armed, true);
});
