import {press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

test('says how to add an account, in the app or from the shell', async () => {
	const app = renderApp([]);
	const frame = await app.waitFor('No accounts yet');
	assert.match(frame, /tokentop 0 accounts/);
	assert.match(frame, /Press a to add one here/);
	assert.match(frame, /tokentop login bluesky HANDLE/);
	assert.match(frame, /tokentop login zettelstore URL USER/);
});

test('a opens the form from the empty state; the list keys do nothing harmful', async () => {
	const app = renderApp([]);
	await app.waitFor('No accounts yet');
	for (const key of ['j', 'r', 'R', 'd', 'v', 'c']) await press(app.stdin, key);
	assert.deepEqual(app.manager.calls.refresh, []);
	assert.equal(app.manager.calls.refreshAll, 0);
	assert.equal(app.written.length, 0);
	await press(app.stdin, 'a');
	await app.waitFor('Add an account');
});
