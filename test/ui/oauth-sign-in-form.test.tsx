import '../support/ink.js';
/**
 * The app's browser sign-in (OAuth) on the REAL TokenManager and store against the REAL PDS,
 * its consent given without a browser (test/support/oauth-consent.ts): the add form signs in
 * through the loopback redirect and through a pasted address; Esc closes the loopback
 * receiver; refused consent, an unknown handle, a server without OAuth and a timeout are said
 * in the form; a name clash is found before any sign-in starts; Enter on an OAuth account that
 * needs a login logs it in again in place. The address to open is shown whole, and no secret
 * ever reaches a frame.
 */
import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import type {BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import type {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager, type TokenManagerOptions} from '../../source/services/token-manager.js';
import {App} from '../../source/ui/app.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {startHostileServer} from '../support/hostile-server.js';
import {keys, press, resize, stripAnsi, type, waitForContent} from '../support/ink.js';
import {driveConsent} from '../support/oauth-consent.js';
import {ageOAuthSession, holdsOAuthSession} from '../support/pds-oauth.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';
import {openTempStore} from '../support/temp-store.js';

let pds: TestPds;
before(async () => {
	pds = await startTestPds();
	// did:plc documents come from the suite's PLC directory (this file runs in its own process).
	process.env.TOKENTOP_PLC_URL = pds.plcUrl;
});
after(() => pds?.close());

/** What a terminal sends for a paste once bracketed paste is on. */
const bracketed = (text: string) => `\u001B[200~${text}\u001B[201~`;
const intro = /^ (A browser was opened at this address|Open this address in a browser)/;

/** The App on a real TokenManager, 80 columns wide (the address to open takes several lines); every frame kept. */
function startApp(store: TokenStore, options: TokenManagerOptions = {}) {
	const opened: string[] = [];
	const manager = new TokenManager(store, {openBrowser: url => (opened.push(url), false), ...options});
	const app = render(<></>);
	resize(app.stdout, 80, 30);
	app.rerender(<App manager={manager} />);
	const text = () => stripAnsi(app.lastFrame() ?? '');
	const waitFor = (expected: string | ((frame: string) => boolean), timeoutMs = 10_000) => waitForContent(text, expected, timeoutMs);
	const everything = () => app.frames.map(stripAnsi).join('\n');
	return {...app, manager, opened, text, waitFor, everything, stop: () => (app.unmount(), manager.stop())};
}
type RunningApp = ReturnType<typeof startApp>;

/** The address to open as the screen shows it: its lines after the intro, joined. */
function addressOn(frame: string): string | undefined {
	const lines = frame.split('\n');
	const start = lines.findIndex(line => intro.test(line));
	if (start < 0) return undefined;
	const end = lines.findIndex((line, index) => index > start && !/^ \S+$/.test(line));
	return lines.slice(start + 1, end).map(line => line.trim()).join('');
}

/** `a`, the OAuth kind, the server to resolve a handle at, the identity (and a name), then Enter to the last field and on it. */
async function fillForm(app: RunningApp, identifier: string, name = ''): Promise<void> {
	await press(app.stdin, 'a');
	await app.waitFor('Add an account');
	while (!app.text().includes('‹ bluesky-oauth ›')) await press(app.stdin, keys.right);
	await app.waitFor('No password here');
	await press(app.stdin, keys.tab);
	await type(app.stdin, pds.url);
	await press(app.stdin, keys.tab);
	await type(app.stdin, identifier);
	await press(app.stdin, keys.tab);
	await type(app.stdin, name);
	await press(app.stdin, keys.enter);
	await app.waitFor('atproto transition:generic');
	await press(app.stdin, keys.enter);
}

/** The form filled and sent: the address to open, once shown. */
async function signInThroughForm(app: RunningApp, identifier: string, name = ''): Promise<string> {
	await fillForm(app, identifier, name);
	return addressOn(await app.waitFor(screen => addressOn(screen) !== undefined))!;
}

/** A sign-in for `identifier` that fails before any address: the form's error line. */
async function failingSignIn(app: RunningApp, identifier: string): Promise<string> {
	await fillForm(app, identifier);
	return app.waitFor(screen => screen.includes('Add an account') && screen.includes('✗ '));
}

function assertNoSecret(app: RunningApp, secrets: readonly string[]): void {
	const shown = app.everything();
	for (const secret of secrets) assert.ok(!shown.includes(secret), 'a secret reached the screen');
}

const oauthSecrets = (account: BlueskyOAuthAccount) => [account.tokens.accessToken, account.tokens.refreshToken, account.tokens.dpopKey.d];
const codeOf = (redirectUrl: string) => new URL(redirectUrl).searchParams.get('code')!;

describe('signing in with the browser from the app, on the real PDS', () => {
	let alice: TestAccount;
	before(async () => {
		alice = await pds.createAccount();
	});

	it('through the loopback redirect: the whole address is shown, the account appears in the list', {timeout: 60_000}, async t => {
		const store = openTempStore(t);
		const app = startApp(store);
		t.after(app.stop);
		const address = await signInThroughForm(app, alice.handle);
		assert.deepEqual(app.opened, [address], 'the address shown whole is the one the browser was given');
		assert.ok(address.length > 160, 'longer than a line: it was not cut');
		const {redirectUrl, callbackAnswer} = await driveConsent(address, {username: alice.handle, password: alice.password});
		assert.match(callbackAnswer!.body, /You can close this tab/);
		const frame = await app.waitFor(screen => /✓ added /.test(screen) && screen.includes('bluesky-oauth'));
		assert.match(frame, new RegExp(`✓ added ${alice.handle.replace(/\./g, '\\.')}`));
		const [stored] = store.read() as BlueskyOAuthAccount[];
		assert.equal(stored?.did, alice.did);
		assert.equal(stored?.name, alice.handle);
		assertNoSecret(app, [...oauthSecrets(stored!), codeOf(redirectUrl), alice.password]);
	});

	it('from the address pasted into the app (the redirect never arrives); a wrong paste is said and the wait goes on', {timeout: 60_000}, async t => {
		const store = openTempStore(t);
		const app = startApp(store);
		t.after(app.stop);
		const address = await signInThroughForm(app, alice.handle, 'pasted');
		assert.match(app.text(), /Open this address in a browser and sign in:/, 'no browser here: the person opens it');
		const {redirectUrl} = await driveConsent(address, {username: alice.handle, password: alice.password, followRedirect: false});
		await press(app.stdin, bracketed('not the address'));
		await press(app.stdin, keys.enter);
		await app.waitFor('✗ That is not the address the browser ended on');
		// Copied from a terminal that wrapped it: the line break goes.
		await press(app.stdin, bracketed(`${redirectUrl.slice(0, 50)}\r${redirectUrl.slice(50)}`));
		const typed = await app.waitFor(screen => /address it ended on\s+•{20,}/.test(screen));
		assert.ok(!typed.includes('code='), 'the pasted address is shown masked');
		await press(app.stdin, keys.enter);
		await app.waitFor('✓ added pasted');
		const stored = store.find('pasted') as BlueskyOAuthAccount;
		assert.equal(stored.did, alice.did);
		assertNoSecret(app, [...oauthSecrets(stored), codeOf(redirectUrl), alice.password]);
	});

	it('Esc cancels: the loopback receiver closes, the form comes back, nothing is stored', {timeout: 60_000}, async t => {
		const store = openTempStore(t);
		const app = startApp(store);
		t.after(app.stop);
		const address = await signInThroughForm(app, alice.handle);
		const clientId = new URL(new URL(address).searchParams.get('client_id')!);
		const port = Number(new URL(clientId.searchParams.get('redirect_uri')!).port);
		assert.equal(await accepts(port), true, 'the receiver listens while the sign-in waits');
		await press(app.stdin, keys.escape);
		await app.waitFor(screen => screen.includes('Add an account') && screen.includes(`sign-in of ${alice.handle} cancelled`));
		const deadline = Date.now() + 5000;
		while ((await accepts(port)) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
		assert.equal(await accepts(port), false, 'the receiver is closed');
		assert.equal(store.read().length, 0);
	});

	it('says a refused consent, an unknown handle and a server without OAuth in the form', {timeout: 90_000}, async t => {
		const store = openTempStore(t);
		const app = startApp(store);
		t.after(app.stop);
		const address = await signInThroughForm(app, alice.handle);
		await driveConsent(address, {username: alice.handle, password: alice.password, decision: 'reject'});
		await app.waitFor(screen => screen.includes('Add an account') && /✗ The sign-in at localhost:\d+ was refused \(access_denied/.test(screen));

		await press(app.stdin, keys.escape);
		assert.match(await failingSignIn(app, 'nobody-here.test'), /✗ (Unknown handle|Could not resolve the handle) nobody-here\.test/);

		const plain = await startHostileServer();
		t.after(() => plain.close());
		await press(app.stdin, keys.escape);
		assert.match(await failingSignIn(app, plain.url), /✗ 127\.0\.0\.1:\d+ does not offer OAuth sign-in/);
		assert.equal(store.read().length, 0);
	});

	it('gives up after its timeout and says so in the form', {timeout: 30_000}, async t => {
		const store = openTempStore(t);
		const app = startApp(store, {signInTimeoutMs: 300});
		t.after(app.stop);
		await fillForm(app, alice.handle);
		await app.waitFor(screen => screen.includes('Add an account') && screen.includes('✗ No sign-in came back within'));
		assert.equal(store.read().length, 0);
	});

	it('a name another account has is refused before the browser is opened', {timeout: 30_000}, async t => {
		const store = openTempStore(t);
		await store.update(() => [zettelstoreRecord({name: alice.handle})]);
		const app = startApp(store);
		t.after(app.stop);
		await fillForm(app, alice.handle);
		await app.waitFor(`✗ an account named "${alice.handle}" exists already`);
		assert.deepEqual(app.opened, []);
		assert.doesNotMatch(app.text(), /Sign in to/);
	});
});

describe('logging an OAuth account in again from the app', () => {
	it('Enter on an account whose session ended signs it in again in place: same id, name and place', {timeout: 90_000}, async t => {
		const bob = await pds.createAccount();
		const store = openTempStore(t);
		await store.update(() => [zettelstoreRecord({name: 'aaa'})]);
		const app = startApp(store);
		t.after(app.stop);
		const first = await signInThroughForm(app, bob.handle, 'bob');
		await driveConsent(first, {username: bob.handle, password: bob.password});
		await app.waitFor('✓ added bob');
		await store.update(accounts => [...accounts, zettelstoreRecord({name: 'zzz'})]);
		const before = store.find('bob') as BlueskyOAuthAccount;
		const places = () => store.read().map(account => account.id);
		const placesBefore = places();

		// The session passes its 14-day end at the server: a refresh says so and the account needs a login.
		ageOAuthSession(pds, before.tokens.refreshToken, {createdMs: 15 * 24 * 3600_000, updatedMs: 1000});
		await press(app.stdin, 'r');
		await app.waitFor(screen => screen.includes('✗ bob needs login — Enter signs in with the browser') && screen.includes('Enter log in'));
		assert.match((store.find('bob') as BlueskyOAuthAccount).statusMessage ?? '', /Session expired/);

		await press(app.stdin, keys.enter);
		const frame = await app.waitFor(screen => screen.includes('Sign in to bob with the browser') && addressOn(screen) !== undefined);
		await driveConsent(addressOn(frame)!, {username: bob.handle, password: bob.password});
		await app.waitFor('✓ logged in again to bob');

		const again = store.find('bob') as BlueskyOAuthAccount;
		assert.equal(again.id, before.id);
		assert.equal(again.status, 'ok');
		assert.equal(again.handle, bob.handle, 'the handle stays, though the sign-in named the DID');
		assert.deepEqual(places(), placesBefore, 'same place among the accounts');
		assert.notEqual(again.tokens.refreshToken, before.tokens.refreshToken);
		assert.equal(holdsOAuthSession(pds, again.tokens.refreshToken), true);
		assert.equal(holdsOAuthSession(pds, before.tokens.refreshToken), false);
		assertNoSecret(app, [...oauthSecrets(before), ...oauthSecrets(again), bob.password]);
	});
});

/** Whether something listens on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});
}
