import {keys, nextTick, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {listedNames, renderApp, renderAppShowing, selectedName} from './render-app.js';

afterEach(() => cleanup());

const statusLine = (frame: string) => frame.split('\n').at(-2) ?? '';

test('d when the server cannot be reached: says so and offers to remove the account here anyway', async () => {
	const app = await renderAppShowing('bob', [blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})], {columns: 200, rows: 24});
	app.manager.failNext('remove', 'network', 'connect ECONNREFUSED 127.0.0.1:9');
	await app.pressFor('d', 'Remove alice? (y/n)');
	await press(app.stdin, 'y');
	const frame = await app.waitFor('Remove alice here anyway? (y/n) The server cannot be reached (connect ECONNREFUSED 127.0.0.1:9); the session may stay open on the server.');
	assert.deepEqual(listedNames(frame), ['alice', 'bob'], 'nothing removed yet');
	await press(app.stdin, 'y');
	await app.waitFor((text) => text.includes('✓ removed alice from tokentop: could not end the session on the server') && listedNames(text).join() === 'bob');
	assert.deepEqual(
		app.manager.calls.remove.map((call) => call.force),
		[false, true],
	);
});

test('n to "remove here anyway" keeps the account', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})]);
	app.manager.failNext('remove', 'server', 'server answered 503');
	await app.pressFor('d', 'Remove alice?');
	await app.pressFor('y', 'here anyway?');
	await press(app.stdin, 'n');
	await app.waitFor((frame) => !frame.includes('anyway') && listedNames(frame).join() === 'alice');
	assert.equal(app.manager.calls.remove.length, 1);
});

test('c and v refuse an expired token, a rejected one, and say there is none without authentication', async () => {
	const app = renderApp([
		blueskyAccount({name: 'alice', accessExpiresAt: testEpoch - 7 * minute}),
		blueskyAccount({name: 'bob', status: 'needs-login', statusMessage: 'token revoked'}),
		zettelstoreAccount({name: 'carol', freeAccess: true, token: ''}),
		blueskyAccount({name: 'dave'}),
	]);
	await app.waitFor('dave');
	await app.pressFor('c', '✗ not copied: the token of alice expired 7m ago: r gets a new one');
	await app.pressFor('v', '✗ not shown: the token of alice expired 7m ago');
	await press(app.stdin, 'j');
	await app.pressFor('c', '✗ not copied: the server rejected the token of bob: Enter logs in again');
	await press(app.stdin, 'j');
	await app.pressFor('c', '✗ carol has no token to copy: its server needs no authentication');
	assert.equal(app.written.length, 0, 'nothing reached the clipboard');
	await press(app.stdin, 'j');
	await app.pressFor('c', '✓ copied the access token of dave: to the clipboard, valid for 2h 00m');
	assert.equal(app.written.length, 1);
});

test('r on a young Zettelstore token that the server handed back unchanged says so', async () => {
	const app = await renderAppShowing('notes', [zettelstoreAccount({name: 'notes'})]);
	await app.pressFor('r', '✓ notes: still valid, unchanged: valid for 1h 00m');
	app.clock.advance(20 * minute);
	await app.pressFor('r', '✓ refreshed notes: valid for 2h 00m');
});

for (const [kind, account] of [
	['Zettelstore', () => zettelstoreAccount({name: 'acct', status: 'needs-login', passwordMemory: 'none'})],
	['Bluesky', () => blueskyAccount({name: 'acct', status: 'needs-login'})],
] as const) {
	test(`${kind}: Enter and r on an account that needs a login open the password prompt, without a refresh`, async () => {
		const app = await renderAppShowing('acct', [account()]);
		await app.pressFor(keys.enter, 'Password for acct: ▌');
		await press(app.stdin, keys.escape);
		await app.waitFor((frame) => !frame.includes('Password for'));
		await app.pressFor('r', 'Password for acct: ▌');
		await type(app.stdin, 'correct horse');
		await app.pressFor(keys.enter, 'logged in again to acct');
		assert.deepEqual(app.manager.calls.refresh, [], 'no refresh was tried: only a login helps');
		await app.waitFor((frame) => /acct\s+✓ ok/.test(frame));
	});
}

test('an account with a remembered password is logged in again by the refresh itself', async () => {
	const app = await renderAppShowing('kept', [zettelstoreAccount({name: 'kept', status: 'needs-login', passwordMemory: 'plaintext', password: 'pw'})]);
	await app.pressFor(keys.enter, 'refreshed kept');
	assert.equal(app.manager.calls.refresh.length, 1);
	assert.doesNotMatch(app.text(), /Password for/);
});

test('the in-app sign-in code step speaks of the in-app field', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice', status: 'needs-login'})], {authFactorCode: '777000'});
	await press(app.stdin, keys.enter);
	await type(app.stdin, 'correct horse');
	await press(app.stdin, keys.enter);
	const frame = await app.waitFor('Sign-in code for alice');
	assert.match(frame, /alice: enter the code from the email in the sign-in code field/);
	assert.doesNotMatch(frame, /--auth-factor/);
	await type(app.stdin, '000000');
	await app.pressFor(keys.enter, 'login to alice failed');
	await app.waitFor('Sign-in code for alice: ▌');
	await type(app.stdin, '777000');
	await app.pressFor(keys.enter, 'logged in again to alice');
});

test('messages go after a few seconds; errors stay until the next key that acts', async () => {
	const app = await renderAppShowing('bob', [blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await app.pressFor('r', '✓ refreshed alice');
	app.clock.advance(4000);
	await nextTick();
	assert.match(statusLine(app.text()), /refreshed alice/);
	app.clock.advance(1500);
	await app.waitFor((frame) => statusLine(frame).trim() === '');
	app.manager.failNext('refresh', 'network', 'connection refused');
	await app.pressFor('r', '✗ refresh of alice failed: connection refused');
	app.clock.advance(60_000);
	await nextTick();
	await nextTick();
	assert.match(statusLine(app.text()), /refresh of alice failed/, 'an error stays');
	await press(app.stdin, 'j');
	await app.waitFor((frame) => statusLine(frame).trim() === '' && selectedName(frame) === 'bob');
});

test('a status line never cuts its key words: the detail goes first', async () => {
	const app = await renderAppShowing('alice', [blueskyAccount({name: 'alice'})], {columns: 60, rows: 20});
	app.manager.failNext('refresh', 'network', 'connect ETIMEDOUT 203.0.113.7:443 after 15000 ms, the server did not answer at all');
	await press(app.stdin, 'r');
	const frame = await app.waitFor('✗ refresh of alice failed: connect');
	assert.ok(statusLine(frame).length <= 60);
	assert.match(statusLine(frame), /…$/);
});

test('s cycles the order (name, time left, service, state), shows it in the header, and keeps the selection', async () => {
	const app = renderApp([
		zettelstoreAccount({name: 'alpha', tokenReceivedAt: testEpoch - 50 * minute, tokenExpiresAt: testEpoch + 10 * minute}),
		blueskyAccount({name: 'bravo', accessExpiresAt: testEpoch + 3 * hour}),
		zettelstoreAccount({name: 'charlie', status: 'needs-login'}),
	]);
	await app.waitFor((frame) => listedNames(frame).join() === 'alpha,bravo,charlie' && frame.includes('sort: name'));
	await press(app.stdin, 'j');
	await app.waitFor((frame) => selectedName(frame) === 'bravo');
	await press(app.stdin, 's');
	await app.waitFor((frame) => listedNames(frame).join() === 'charlie,alpha,bravo' && frame.includes('sort: time left') && selectedName(frame) === 'bravo');
	await press(app.stdin, 's');
	await app.waitFor((frame) => listedNames(frame).join() === 'bravo,alpha,charlie' && frame.includes('sort: service') && selectedName(frame) === 'bravo');
	await press(app.stdin, 's');
	await app.waitFor((frame) => listedNames(frame).join() === 'charlie,alpha,bravo' && frame.includes('sort: state') && selectedName(frame) === 'bravo');
	await press(app.stdin, 's');
	await app.waitFor((frame) => listedNames(frame).join() === 'alpha,bravo,charlie' && frame.includes('sort: name'));
});
