/**
 * Logging a Bluesky OAuth account in again IN PLACE, through the built binary against the REAL
 * PDS: `login bluesky HANDLE --oauth` for an account stored already, and `login NAME`, keep its
 * id, name and place; the session it had ends at the server. A name another account has is
 * refused before any address is printed. No secret in any output.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {type CliResult, runCli, tempConfigDir} from '../support/cli.js';
import {startCli} from '../support/cli-process.js';
import {driveConsent} from '../support/oauth-consent.js';
import {holdsOAuthSession, oauthSessionCount} from '../support/pds-oauth.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';

let pds: TestPds;
const outputs: string[] = [];

before(async () => {
	pds = await startTestPds();
});
after(() => pds?.close());

const env = () => ({TOKENTOP_PLC_URL: pds.plcUrl});
const addressLine = /^(http\S+\/oauth\/authorize\S*)$/;

/** `tokentop login …` with the consent given at the printed address: by the loopback redirect, or pasted on stdin. */
async function login(dir: string, args: string[], user: TestAccount, how: 'redirect' | 'paste' = 'redirect'): Promise<CliResult> {
	const running = startCli(['login', ...args, '--no-browser'], {configDir: dir, env: env()});
	const {redirectUrl} = await driveConsent(await running.lineOf(addressLine), {username: user.handle, password: user.password, followRedirect: how === 'redirect'});
	if (how === 'paste') running.child.stdin.write(`${redirectUrl}\n`);
	const result = await running.exited;
	outputs.push(result.stdout, result.stderr);
	assert.ok(!`${result.stdout}${result.stderr}`.includes(new URL(redirectUrl).searchParams.get('code')!), 'the code was printed');
	assert.equal(result.code, 0, result.stderr);
	return result;
}

function assertNoSecretPrinted(accounts: readonly BlueskyOAuthAccount[], user: TestAccount): void {
	for (const account of accounts) {
		for (const secret of [account.tokens.accessToken, account.tokens.refreshToken, account.tokens.dpopKey.d, user.password]) {
			for (const output of outputs) assert.ok(!output.includes(secret), 'a secret was printed');
		}
	}
}

/** A store with an account before and after the OAuth one: its place is the middle. */
async function storeAround(dir: string, add: () => Promise<unknown>): Promise<TokenStore> {
	const store = TokenStore.open({dir});
	await store.update(() => [zettelstoreRecord({name: 'aaa'})]);
	await add();
	await store.update(accounts => [...accounts, zettelstoreRecord({name: 'zzz'})]);
	return store;
}

describe('logging a Bluesky OAuth account in again in place, on the real PDS', () => {
	it('login bluesky HANDLE --oauth for a stored account: same id, name and place; the old session ends', {timeout: 60_000}, async t => {
		const alice = await pds.createAccount();
		const dir = tempConfigDir(t);
		const args = ['bluesky', alice.handle, '--oauth', '--service', pds.url];
		const store = await storeAround(dir, () => login(dir, args, alice));
		const first = store.find(alice.handle) as BlueskyOAuthAccount;
		const places = store.read().map(account => account.id);

		const again = await login(dir, args, alice);
		assert.match(again.stdout, new RegExp(`Logged in again as ${alice.handle.replace(/\./g, '\\.')} \\(${alice.did}\\).*"${alice.handle.replace(/\./g, '\\.')}" keeps its name and place`));
		const second = store.find(alice.handle) as BlueskyOAuthAccount;
		assert.equal(second.id, first.id);
		assert.deepEqual(store.read().map(account => account.id), places);
		assert.equal(store.read().length, 3, 'no second account');
		assert.equal(holdsOAuthSession(pds, first.tokens.refreshToken), false, 'the replaced session was ended');
		assert.equal(holdsOAuthSession(pds, second.tokens.refreshToken), true);
		assert.equal(oauthSessionCount(pds, alice.did), 1);
		assertNoSecretPrinted([first, second], alice);
	});

	it('login NAME signs an OAuth account in again from a pasted address, keeping its scope', {timeout: 60_000}, async t => {
		const alice = await pds.createAccount();
		const dir = tempConfigDir(t);
		const store = await storeAround(dir, () => login(dir, ['bluesky', alice.handle, '--oauth', '--service', pds.url, '--name', 'me', '--scope', 'atproto'], alice));
		const first = store.find('me') as BlueskyOAuthAccount;
		const places = store.read().map(account => account.id);

		const again = await login(dir, ['me'], alice, 'paste');
		assert.match(again.stdout, /Logged in again as .* "me" keeps its name and place/);
		const second = store.find('me') as BlueskyOAuthAccount;
		assert.equal(second.id, first.id);
		assert.equal(second.handle, alice.handle);
		assert.equal(second.tokens.scope, 'atproto', 'the scope it had');
		assert.deepEqual(store.read().map(account => account.id), places);
		assert.equal(holdsOAuthSession(pds, first.tokens.refreshToken), false);
		assert.equal(holdsOAuthSession(pds, second.tokens.refreshToken), true);
		assertNoSecretPrinted([first, second], alice);
	});

	it('refuses a name clash, or options that do not apply, before any address is printed', {timeout: 60_000}, async t => {
		const alice = await pds.createAccount();
		const bob = await pds.createAccount();
		const dir = tempConfigDir(t);
		await storeAround(dir, () => login(dir, ['bluesky', alice.handle, '--oauth', '--service', pds.url, '--name', 'me'], alice));
		const refused = async (args: string[], message: RegExp) => {
			const result = await runCli(['login', ...args, '--no-browser'], {configDir: dir, env: env()});
			assert.equal(result.code, 2, result.stderr);
			assert.match(result.stderr, message);
			assert.doesNotMatch(result.stdout, /oauth\/authorize/);
		};
		await refused(['bluesky', bob.handle, '--oauth', '--service', pds.url, '--name', 'aaa'], /An account named "aaa" exists already/);
		await refused(['bluesky', alice.handle, '--oauth', '--service', pds.url, '--name', 'other'], new RegExp(`${alice.handle.replace(/\./g, '\\.')} is stored already as "me": tokentop login me logs it in again`));
		await refused(['me', '--password-stdin'], /--password-stdin is not for bluesky-oauth accounts/);
		await refused(['aaa', '--scope', 'atproto'], /--(scope|no-browser) is not for zettelstore accounts/);
		assert.equal(oauthSessionCount(pds, bob.did), 0);
	});
});
