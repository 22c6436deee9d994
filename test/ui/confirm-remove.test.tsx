import {press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount} from '../support/fake-manager.js';
import {listedNames, renderApp} from './render-app.js';

afterEach(() => cleanup());

test('d asks first; n keeps the account, y removes it', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await app.waitFor('bob');
	await press(app.stdin, 'd');
	await app.waitFor('Remove alice? (y/n) This logs out on the server');
	await press(app.stdin, 'n');
	await app.waitFor((frame) => !frame.includes('Remove alice?'));
	assert.deepEqual(app.manager.calls.remove, []);
	await press(app.stdin, 'd');
	await app.waitFor('Remove alice?');
	await press(app.stdin, 'y');
	await app.waitFor((frame) => frame.includes('removed alice') && listedNames(frame).join() === 'bob');
	assert.equal(app.manager.calls.remove.length, 1);
});
