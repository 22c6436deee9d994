import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {renderAppShowing} from './render-app.js';

afterEach(() => cleanup());

test('r on a rejected credential prompts for the password (masked) and logs in again', async () => {
	const app = await renderAppShowing('notes', [zettelstoreAccount({name: 'notes'})]);
	app.manager.failNext('refresh', 'needs-login', 'the server rejected the token');
	await app.pressFor('r', 'Password for notes: ▌');
	assert.match(app.text(), /✗ notes needs login: the server rejected the token/);
	await type(app.stdin, 'wrong');
	await app.waitFor('Password for notes: •••••▌');
	await app.pressFor(keys.enter, 'login to notes failed: Invalid identifier or password');
	await type(app.stdin, 'correct horse');
	await app.pressFor(keys.enter, 'logged in again to notes');
	assert.deepEqual(
		app.manager.calls.relogin.map((call) => call.password),
		['wrong', 'correct horse'],
	);
	assert.ok(!app.frames.some((frame) => frame.includes('correct horse')), 'the password is never drawn');
	await app.waitFor((frame) => /notes\s+✓ ok/.test(frame));
});

test('the re-login asks for the email code when Bluesky wants one', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})], {authFactorCode: '777000'});
	app.manager.failNext('refresh', 'needs-login', 'token revoked');
	await app.pressFor('r', 'Password for alice');
	await type(app.stdin, 'correct horse');
	await app.pressFor(keys.enter, 'Sign-in code for alice');
	await type(app.stdin, '777000');
	await app.pressFor(keys.enter, 'logged in again to alice');
	assert.deepEqual(app.manager.calls.relogin.at(-1), {id: app.manager.getSnapshot().entries[0]!.account.id, password: 'correct horse', authFactorToken: '777000'});
});

test('Esc cancels the password prompt', async () => {
	const app = await renderAppShowing('notes', [zettelstoreAccount({name: 'notes'})]);
	app.manager.failNext('refresh', 'needs-login', 'rejected');
	await app.pressFor('r', 'Password for notes');
	await press(app.stdin, keys.escape);
	await app.waitFor((frame) => !frame.includes('Password for notes'));
	assert.deepEqual(app.manager.calls.relogin, []);
});
