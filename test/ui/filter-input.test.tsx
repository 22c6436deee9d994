import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {listedNames, renderApp, renderAppShowing, selectedName} from './render-app.js';

afterEach(() => cleanup());

test('/ filters by name, service or handle while typing; Enter keeps it, Esc clears it', async () => {
	const app = renderApp([
		blueskyAccount({name: 'alice', handle: 'alice.example.com'}),
		blueskyAccount({name: 'bob', handle: 'robert.example.org'}),
		zettelstoreAccount({name: 'notes'}),
	]);
	await app.waitFor('notes');
	await app.pressFor('/', '/ filter: ▌');
	await type(app.stdin, 'zettel');
	await app.waitFor((frame) => listedNames(frame).join() === 'notes');
	for (let index = 0; index < 6; index++) await press(app.stdin, keys.backspace);
	await type(app.stdin, '.org');
	await app.waitFor((frame) => listedNames(frame).join() === 'bob' && selectedName(frame) === 'bob');
	await press(app.stdin, keys.enter);
	await app.waitFor((frame) => !frame.includes('/ filter:') && frame.includes('filter: .org'));
	// The kept filter stays while the list keys work again.
	await app.pressFor('r', 'refreshed bob');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => listedNames(frame).join() === 'alice,bob,notes');
});

test('Esc while typing the filter clears it', async () => {
	const app = await renderAppShowing('bob', [blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await press(app.stdin, '/');
	await type(app.stdin, 'bob');
	await app.waitFor((frame) => listedNames(frame).join() === 'bob');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => listedNames(frame).join() === 'alice,bob' && !frame.includes('filter:'));
});

test('list keys do not fire while the filter is typed', async () => {
	let exited = false;
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})], {onExit: () => (exited = true)});
	await press(app.stdin, '/');
	await type(app.stdin, 'qrRAadvc?jk');
	await app.waitFor('/ filter: qrRAadvc?jk');
	assert.equal(exited, false);
	assert.deepEqual(app.manager.calls.refresh, []);
	assert.deepEqual(app.manager.calls.setAutoRefresh, []);
	assert.equal(app.written.length, 0);
	assert.doesNotMatch(app.text(), /Add an account|Keys/);
});

test('a key typed right after Esc never lands in the closed filter', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})]);
	await app.pressFor('/', '/ filter: ▌');
	// No wait between the two keys: the second may arrive before React re-renders.
	await press(app.stdin, keys.escape);
	await press(app.stdin, 'x');
	await app.waitFor((frame) => !frame.includes('/ filter:'));
	assert.doesNotMatch(app.text(), /filter: x/);
});
