import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp, selectedName} from './render-app.js';

afterEach(() => cleanup());

const names = (frame: string) =>
	frame
		.split('\n')
		.filter((line) => /^[› ] (bluesky|zettelstore) /.test(line))
		.map((line) => line.slice(2).trim().split(/\s+/)[1]);

test('/ filters by name, service or handle while typing; Enter keeps it, Esc clears it', async () => {
	const app = renderApp([
		blueskyAccount({name: 'alice', handle: 'alice.example.com'}),
		blueskyAccount({name: 'bob', handle: 'robert.example.org'}),
		zettelstoreAccount({name: 'notes'}),
	]);
	await app.waitFor('notes');
	await press(app.stdin, '/');
	await app.waitFor('/ filter: ▌');
	await type(app.stdin, 'zettel');
	await app.waitFor((frame) => names(frame).join() === 'notes');
	for (let index = 0; index < 6; index++) await press(app.stdin, keys.backspace);
	await type(app.stdin, '.org');
	await app.waitFor((frame) => names(frame).join() === 'bob' && selectedName(frame) === 'bob');
	await press(app.stdin, keys.enter);
	await app.waitFor((frame) => !frame.includes('/ filter:') && frame.includes('filter: .org'));
	// The kept filter stays while the list keys work again.
	await press(app.stdin, 'r');
	await app.waitFor('refreshed bob');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => names(frame).join() === 'alice,bob,notes');
});

test('Esc while typing the filter clears it', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await app.waitFor('bob');
	await press(app.stdin, '/');
	await type(app.stdin, 'bob');
	await app.waitFor((frame) => names(frame).join() === 'bob');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => names(frame).join() === 'alice,bob' && !frame.includes('filter:'));
});

test('list keys do not fire while the filter is typed', async () => {
	let exited = false;
	const app = renderApp([blueskyAccount({name: 'alice'})], {onExit: () => (exited = true)});
	await app.waitFor('alice');
	await press(app.stdin, '/');
	await type(app.stdin, 'qrRAadvc?jk');
	await app.waitFor('/ filter: qrRAadvc?jk');
	assert.equal(exited, false);
	assert.deepEqual(app.manager.calls.refresh, []);
	assert.deepEqual(app.manager.calls.setAutoRefresh, []);
	assert.equal(app.written.length, 0);
	assert.doesNotMatch(app.text(), /Add an account|Keys/);
});

test('d asks first; n keeps the account, y removes it', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await app.waitFor('bob');
	await press(app.stdin, 'd');
	await app.waitFor('Remove alice? This logs out on the server');
	await press(app.stdin, 'n');
	await app.waitFor((frame) => !frame.includes('Remove alice?'));
	assert.deepEqual(app.manager.calls.remove, []);
	await press(app.stdin, 'd');
	await app.waitFor('Remove alice?');
	await press(app.stdin, 'y');
	await app.waitFor((frame) => frame.includes('removed alice') && names(frame).join() === 'bob');
	assert.equal(app.manager.calls.remove.length, 1);
});

test('c copies the access token with OSC 52 and says so, never printing it', async () => {
	const account = blueskyAccount({name: 'alice'});
	const app = renderApp([account]);
	await app.waitFor('alice');
	await press(app.stdin, 'c');
	await app.waitFor('copied the access token of alice');
	assert.deepEqual(app.written, [`\u001B]52;c;${Buffer.from(account.accessJwt).toString('base64')}\u0007`]);
	assert.ok(!app.frames.some((frame) => frame.includes(account.accessJwt)), 'the token is in no frame');
});

test('r on a rejected credential prompts for the password (masked) and logs in again', async () => {
	const app = renderApp([zettelstoreAccount({name: 'notes'})]);
	await app.waitFor('notes');
	app.manager.failNext('refresh', 'needs-login', 'the server rejected the token');
	await press(app.stdin, 'r');
	await app.waitFor('Password for notes: ▌');
	assert.match(app.text(), /✗ notes needs login: the server rejected the token/);
	await type(app.stdin, 'wrong');
	await app.waitFor('Password for notes: •••••▌');
	await press(app.stdin, keys.enter);
	await app.waitFor('login to notes failed: Invalid identifier or password');
	await type(app.stdin, 'correct horse');
	await press(app.stdin, keys.enter);
	await app.waitFor('logged in again to notes');
	assert.deepEqual(
		app.manager.calls.relogin.map((call) => call.password),
		['wrong', 'correct horse'],
	);
	assert.ok(!app.frames.some((frame) => frame.includes('correct horse')), 'the password is never drawn');
	await app.waitFor((frame) => /notes\s+✓ ok/.test(frame));
});

test('the re-login asks for the email code when Bluesky wants one', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {authFactorCode: '777000'});
	await app.waitFor('alice');
	app.manager.failNext('refresh', 'needs-login', 'token revoked');
	await press(app.stdin, 'r');
	await app.waitFor('Password for alice');
	await type(app.stdin, 'correct horse');
	await press(app.stdin, keys.enter);
	await app.waitFor('Sign-in code for alice');
	await type(app.stdin, '777000');
	await press(app.stdin, keys.enter);
	await app.waitFor('logged in again to alice');
	assert.deepEqual(app.manager.calls.relogin.at(-1), {id: app.manager.getSnapshot().entries[0]!.account.id, password: 'correct horse', authFactorToken: '777000'});
});

test('Esc cancels the password prompt', async () => {
	const app = renderApp([zettelstoreAccount({name: 'notes'})]);
	await app.waitFor('notes');
	app.manager.failNext('refresh', 'needs-login', 'rejected');
	await press(app.stdin, 'r');
	await app.waitFor('Password for notes');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => !frame.includes('Password for notes'));
	assert.deepEqual(app.manager.calls.relogin, []);
});

test('a network failure is reported and the token kept', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	app.manager.failNext('refresh', 'network', 'connection refused');
	await press(app.stdin, 'r');
	const frame = await app.waitFor('✗ refresh of alice failed: connection refused');
	assert.match(frame, /alice\s+⚠ error\s+2h 00m/);
});
