import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderApp, renderAppShowing, selectedName} from './render-app.js';

afterEach(() => cleanup());

/** Opens the form and fills identifier and password (focus starts on the service). */
async function fillBluesky(app: ReturnType<typeof renderApp>, identifier: string, password: string) {
	await app.pressFor('a', 'Add an account');
	await press(app.stdin, keys.tab); // URL
	await press(app.stdin, keys.tab); // identifier
	await type(app.stdin, identifier);
	await press(app.stdin, keys.tab); // password
	await type(app.stdin, password);
}

test('a opens the form with Bluesky and its default URL; Esc cancels', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})]);
	await press(app.stdin, 'a');
	const frame = await app.waitFor('Add an account');
	assert.match(frame, /service\s+‹ bluesky ›/);
	assert.match(frame, /URL\s+https:\/\/bsky\.social/);
	assert.match(frame, /name \(optional\)/);
	assert.doesNotMatch(frame, /remember password/, 'only Zettelstore remembers passwords');
	await press(app.stdin, keys.escape);
	await app.waitFor((text) => !text.includes('Add an account') && text.includes('alice'));
	assert.equal(app.manager.calls.login.length, 0);
});

test('the password is masked while typed', async () => {
	const app = await renderAppShowing('No accounts', []);
	await fillBluesky(app, 'new.bsky.social', 'hunter2');
	const frame = await app.waitFor('•••••••');
	assert.ok(!frame.includes('hunter2'));
});

test('submitting logs in, closes the form and selects the new account', async () => {
	const app = await renderAppShowing('zed', [blueskyAccount({name: 'alice'}), blueskyAccount({name: 'zed'})]);
	await fillBluesky(app, 'new.bsky.social', 'correct horse');
	await press(app.stdin, keys.tab); // name
	await type(app.stdin, 'mike');
	await press(app.stdin, keys.enter);
	await app.waitFor((frame) => frame.includes('added mike') && selectedName(frame) === 'mike');
	assert.deepEqual(app.manager.calls.login, [
		{service: 'bluesky', url: 'https://bsky.social', identifier: 'new.bsky.social', password: 'correct horse', name: 'mike'},
	]);
});

test('a login error is shown in the form, which stays open', async () => {
	const app = await renderAppShowing('No accounts', []);
	await fillBluesky(app, 'new.bsky.social', 'wrong');
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('✗ Invalid identifier or password');
	assert.match(frame, /Add an account/);
	await app.pressFor(keys.escape, 'No accounts');
});

test('missing fields are named before anything is sent', async () => {
	const app = await renderAppShowing('No accounts', []);
	await app.pressFor('a', 'Add an account');
	for (let field = 0; field < 4; field++) await press(app.stdin, keys.tab);
	await app.pressFor(keys.enter, '✗ the handle is missing');
	assert.equal(app.manager.calls.login.length, 0);
});

test('email 2FA: a code field appears and the login is sent again with the code', async () => {
	const app = await renderAppShowing('No accounts', [], {authFactorCode: '424242'});
	await fillBluesky(app, 'twofa.bsky.social', 'correct horse');
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('sign-in code');
	assert.match(frame, /enter the code from the email in the sign-in code field/, 'the in-app field, not the command line');
	assert.match(frame, /› sign-in code\s+▌/, 'the code field has the focus');
	await type(app.stdin, '424242');
	await app.pressFor(keys.enter, 'added twofa.bsky.social');
	assert.equal(app.manager.calls.login.length, 2);
	assert.equal(app.manager.calls.login[1]?.authFactorToken, '424242');
});

test('Zettelstore: its own default URL, user label and the remember-password choice', async () => {
	const app = await renderAppShowing('No accounts', []);
	await app.pressFor('a', 'Add an account');
	await press(app.stdin, keys.right);
	let frame = await app.waitFor('‹ zettelstore ›');
	assert.match(frame, /URL\s+http:\/\/127\.0\.0\.1:23123/);
	assert.match(frame, /user/);
	assert.match(frame, /remember password\s+‹ no/);
	await press(app.stdin, keys.tab); // URL
	await press(app.stdin, keys.tab); // user
	await type(app.stdin, 'owner');
	await press(app.stdin, keys.tab); // password
	await type(app.stdin, 'correct horse');
	await press(app.stdin, keys.tab); // name
	await press(app.stdin, keys.tab); // remember
	await press(app.stdin, keys.right);
	frame = await app.waitFor('‹ in the system keyring ›');
	await app.pressFor(keys.enter, 'added owner');
	assert.equal(app.manager.calls.login[0]?.rememberPassword, 'keyring');
	assert.equal(app.manager.calls.login[0]?.service, 'zettelstore');
});

test('list keys do not fire while the form has the keyboard', async () => {
	let exited = false;
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})], {onExit: () => (exited = true)});
	await app.pressFor('a', 'Add an account');
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.tab);
	await type(app.stdin, 'qrRAdvc');
	await app.waitFor('qrRAdvc');
	assert.equal(exited, false);
	assert.equal(app.manager.calls.refresh.length, 0);
	assert.equal(app.manager.calls.refreshAll, 0);
	assert.deepEqual(app.manager.calls.setAutoRefresh, []);
	assert.equal(app.written.length, 0);
});

test('keys typed right after a, before the form is drawn, never reach the list', async () => {
	let exited = false;
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})], {onExit: () => (exited = true)});
	await press(app.stdin, 'a');
	await press(app.stdin, 'r');
	await app.pressFor('q', 'Add an account');
	assert.equal(exited, false);
	assert.deepEqual(app.manager.calls.refresh, []);
});

test('after a failed login the focus goes to the field that is wrong', async () => {
	const app = await renderAppShowing('No accounts', []);
	await fillBluesky(app, 'new.bsky.social', 'correct horse');
	app.manager.failNext('login', 'network', 'could not connect to bsky.social');
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('✗ could not connect to bsky.social');
	assert.match(frame, /› URL\s+https:\/\/bsky\.social▌/, 'the URL field has the focus');
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.tab);
	await press(app.stdin, keys.tab);
	await app.pressFor(keys.enter, 'added new.bsky.social');
});

test('a name another account has is refused before any password is sent, with the focus on the name', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})]);
	await fillBluesky(app, 'new.bsky.social', 'correct horse');
	await press(app.stdin, keys.tab);
	await type(app.stdin, 'alice');
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('✗ an account named "alice" exists already: choose another name');
	assert.match(frame, /› name \(optional\)\s+alice▌/);
	assert.equal(app.manager.calls.login.length, 0);
});

test('a missing field gets the focus', async () => {
	const app = await renderAppShowing('No accounts', []);
	await press(app.stdin, 'a');
	for (let field = 0; field < 4; field++) await press(app.stdin, keys.tab);
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('✗ the handle is missing');
	assert.match(frame, /› handle or email\s+▌/);
});
