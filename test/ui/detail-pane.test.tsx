import {keys, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {fakeJwt, hour, minute, testEpoch, blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const wide = {columns: 160, rows: 40};

test('Bluesky: URL, PDS, handle, DID, expiries, scope, masked token, store', async () => {
	const account = blueskyAccount({name: 'alice', handle: 'alice.example.com', did: 'did:plc:abc123', accessJwt: fakeJwt(777)});
	const app = renderApp([account], wide);
	const frame = await app.waitFor('stored in');
	assert.match(frame, /service\s+bluesky {2}https:\/\/bsky\.social/);
	assert.match(frame, /PDS\s+https:\/\/morel\.us-east\.host\.bsky\.network/);
	assert.match(frame, /handle\s+alice\.example\.com/);
	assert.match(frame, /DID\s+did:plc:abc123/);
	assert.match(frame, /access expires\s+\S+ \S+ \(in 2:00:00\)/);
	assert.match(frame, /issued\s+\S+ \S+/);
	assert.match(frame, /refresh expires\s+\S+ \S+ \(in 90d 00h\)/);
	assert.match(frame, /scope\s+com\.atproto\.access/);
	assert.match(frame, /token\s+eyJ0eX…000777/);
	assert.ok(!frame.includes(account.accessJwt), 'the token is masked');
	assert.ok(!frame.includes(account.refreshJwt), 'the refresh token is never shown');
	assert.match(frame, /stored in\s+\/home\/test\/\.config\/tokentop\/accounts\.json \(mode 0600\)/);
});

test('no PDS line when the PDS is the URL', async () => {
	const app = renderApp([blueskyAccount({name: 'alice', pdsUrl: 'https://bsky.social'})], wide);
	const frame = await app.waitFor('stored in');
	assert.doesNotMatch(frame, /PDS/);
});

test('Zettelstore: user, server version, token kind, lifetime vs claims, password memory', async () => {
	const app = renderApp(
		[zettelstoreAccount({name: 'notes', user: 'owner', serverVersion: '0.19.0', passwordMemory: 'plaintext', reportedLifetime: 600})],
		wide,
	);
	const frame = await app.waitFor('stored in');
	assert.match(frame, /user\s+owner/);
	assert.match(frame, /server\s+0\.19\.0\s+\(s-expression API\)/);
	assert.match(frame, /token kind\s+API token, s-expression claim/);
	assert.match(frame, /lifetime\s+server said 10m 00s/);
	assert.match(frame, /claims\s+issued \S+ \S+, expires \S+ \S+/);
	assert.match(frame, /password\s+password stored in plain text/);
});

test('keyring password memory and free access', async () => {
	const app = renderApp(
		[zettelstoreAccount({name: 'a-keyring', passwordMemory: 'keyring'}), zettelstoreAccount({name: 'b-open', freeAccess: true, token: ''})],
		wide,
	);
	await app.waitFor('password in keyring');
	await press(app.stdin, 'j');
	const frame = await app.waitFor('no authentication needed');
	assert.doesNotMatch(frame, /access expires/, 'no countdown without authentication');
});

test('free access: the lifetime line says no authentication is needed, not the made-up lifetime', async () => {
	const app = renderApp([zettelstoreAccount({name: 'open', freeAccess: true, token: '', reportedLifetime: 3660 * 24 * 3600})], wide);
	const frame = await app.waitFor('stored in');
	assert.match(frame, /lifetime\s+no authentication needed/);
	assert.doesNotMatch(frame, /server said|3660d/);
});

test('the label column is as wide as the longest label shown, plus one space', async () => {
	const app = renderApp([zettelstoreAccount({name: 'notes', user: 'owner'}), blueskyAccount({name: 'zed', handle: 'zed.example.com'})], wide);
	// Zettelstore: "access expires" (14) is the longest label.
	let frame = await app.waitFor('stored in');
	assert.match(frame, /│ user {11}owner/);
	assert.match(frame, /│ access expires \S/);
	await press(app.stdin, 'j');
	// Bluesky: "refresh expires" (15) is.
	frame = await app.waitFor('zed.example.com');
	assert.match(frame, /│ handle {10}zed\.example\.com/);
	assert.match(frame, /│ refresh expires \S/);
});

test('last refresh and status show failures with their message', async () => {
	const app = renderApp(
		[
			blueskyAccount({
				name: 'alice',
				status: 'error',
				statusMessage: 'server answered 502',
				lastRefresh: {at: testEpoch - minute, ok: false, message: 'server answered 502'},
			}),
		],
		wide,
	);
	const frame = await app.waitFor('last refresh');
	assert.match(frame, /status\s+error — token still valid 2h 00m: server answered 502/);
	assert.match(frame, /last refresh\s+\S+ \S+ failed: server answered 502/);
});

test('next refresh shows when auto-refresh is on', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {...wide, autoRefresh: false});
	await app.waitFor('stored in');
	assert.doesNotMatch(app.text(), /next refresh/);
	await press(app.stdin, 'A');
	// Planned at three quarters of the 2 h lifetime.
	await app.waitFor((frame) => /next refresh\s+\S+ \S+ \(in 1h 30m\)/.test(frame));
});

test('v reveals the token for 10 seconds by the clock, then masks it again', async () => {
	const account = blueskyAccount({name: 'alice'});
	const app = renderApp([account], wide);
	await app.waitFor('stored in');
	await press(app.stdin, 'v');
	let frame = await app.waitFor('shown for 10 s');
	const paneText = frame
		.split('\n')
		.map((line) => line.split('│ ')[1]?.trim() ?? '')
		.join('');
	assert.ok(paneText.includes(account.accessJwt), 'the full token, in pieces of the pane width');
	app.clock.advance(9_000);
	await app.waitFor('2h 00m');
	assert.ok(app.text().includes('shown for 10 s'));
	app.clock.advance(1_000);
	frame = await app.waitFor((text) => !text.includes('shown for 10 s'));
	assert.match(frame, /token\s+eyJ0eX…/);
});

test('v again hides the token at once', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], wide);
	await app.waitFor('stored in');
	await press(app.stdin, 'v');
	await app.waitFor('shown for 10 s');
	await press(app.stdin, 'v');
	await app.waitFor((text) => !text.includes('shown for 10 s'));
});

test('the reveal belongs to its account: moving away hides it', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})], wide);
	await app.waitFor('stored in');
	await press(app.stdin, 'v');
	await app.waitFor('shown for 10 s');
	await press(app.stdin, keys.down);
	await app.waitFor((text) => !text.includes('shown for 10 s'));
});

test('the access countdown in the pane ticks with the clock', async () => {
	const app = renderApp([blueskyAccount({name: 'alice', accessExpiresAt: testEpoch + hour})], wide);
	await app.waitFor('(in 1:00:00)');
	app.clock.advance(1000);
	await app.waitFor('(in 59m 59s)');
	app.clock.advance(30 * minute + 4000);
	await app.waitFor('(in 29m 55s)');
});
