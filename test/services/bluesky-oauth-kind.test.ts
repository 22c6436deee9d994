/**
 * The third kind, Bluesky OAuth, through the program's own paths against the real PDS: a browser
 * sign-in stored by sessions.login (consent driven without a browser), refresh through
 * RefreshCoordinator, two processes refreshing one session at once, the 14-day session end,
 * and logout that revokes. Each is checked by what the store holds and what the server accepts.
 */
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {after, before, describe, it} from 'node:test';
import {type Account} from '../../source/services/account.js';
import {type BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import {NonceBook, dpopRequest} from '../../source/services/bluesky-oauth/index.js';
import {isServiceError} from '../../source/services/errors.js';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {login, logout} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {displayStateOf} from '../../source/rules/account-state.js';
import {cliPath, runCli} from '../support/cli.js';
import {driveConsent} from '../support/oauth-consent.js';
import {ageOAuthSession, holdsOAuthSession, oauthSessionCount} from '../support/pds-oauth.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';
import {tempConfigDir} from '../support/temp-store.js';

const day = 24 * 60 * 60 * 1000;
const getSession = '/xrpc/com.atproto.server.getSession';
let pds: TestPds;
const previousPlcUrl = process.env.TOKENTOP_PLC_URL;

before(async () => {
	pds = await startTestPds();
	process.env.TOKENTOP_PLC_URL = pds.plcUrl;
});
after(async () => {
	if (previousPlcUrl === undefined) delete process.env.TOKENTOP_PLC_URL;
	else process.env.TOKENTOP_PLC_URL = previousPlcUrl;
	await pds?.close();
});

function oauth(account: Account | undefined): BlueskyOAuthAccount {
	assert.equal(account?.service, 'bluesky-oauth');
	return account as BlueskyOAuthAccount;
}

/** Signs in through sessions.login as the commands do; the consent is given at the printed address. */
async function signIn(store: TokenStore, user: TestAccount, name?: string): Promise<BlueskyOAuthAccount> {
	let consent: Promise<unknown> | undefined;
	const account = await login(
		store,
		{service: 'bluesky-oauth', url: pds.url, identifier: user.handle, password: '', ...(name === undefined ? {} : {name})},
		{showAddress: url => void (consent = driveConsent(url, {username: user.handle, password: user.password}))},
	);
	await consent;
	return oauth(account);
}

async function accepted(account: BlueskyOAuthAccount): Promise<boolean> {
	const answer = await dpopRequest(account.tokens, NonceBook.from(account.nonces), {method: 'GET', url: getSession});
	if (answer.tokenRejected !== undefined) return false;
	assert.equal(answer.status, 200, answer.body);
	return true;
}

describe('Bluesky OAuth as a kind of account', () => {
	it('stores the signed-in session with its key and nonces, and shows the three clocks', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const user = await pds.createAccount();
		const account = await signIn(store, user);
		const stored = oauth(store.get(account.id));
		assert.equal(stored.did, user.did);
		assert.equal(stored.handle, user.handle);
		assert.ok(stored.tokens.dpopKey.d.length > 0);
		assert.ok(Object.keys(stored.nonces).length > 0, 'the nonce book travels with the account');
		assert.ok(await accepted(stored));
		assert.equal(displayStateOf({account: stored, refreshing: false}, Date.now()), 'ok');
		const signedInTwelveDaysAgo = {...stored, tokens: {...stored.tokens, signedInAt: stored.tokens.signedInAt - 12 * day}};
		assert.equal(displayStateOf({account: signedInTwelveDaysAgo, refreshing: false}, Date.now()), 'session-ends-soon');
	});

	it('refreshes through the coordinator: new tokens stored, the old access token refused', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const before = await signIn(store, await pds.createAccount());
		const after = oauth(await new RefreshCoordinator(store).refresh(before.id));
		const stored = oauth(store.get(before.id));
		assert.equal(stored.tokens.refreshToken, after.tokens.refreshToken);
		assert.notEqual(stored.tokens.refreshToken, before.tokens.refreshToken);
		assert.equal(stored.tokens.signedInAt, before.tokens.signedInAt, 'refreshing does not move the session start');
		assert.equal(await accepted(before), false, 'the old access token is dead');
		assert.ok(await accepted(stored));
	});

	it('survives two processes refreshing one session 50 times each at once: no replay', {timeout: 120_000}, async t => {
		if (!existsSync(cliPath)) assert.fail('dist/cli.js is missing: run npm run build first');
		const configDir = tempConfigDir(t);
		const store = TokenStore.open({dir: configDir});
		const user = await pds.createAccount();
		const account = await signIn(store, user, 'shared');
		const rounds = 50;
		const other = (async () => {
			const failures: string[] = [];
			for (let index = 0; index < rounds; index++) {
				const result = await runCli(['refresh', 'shared'], {configDir, env: {TOKENTOP_PLC_URL: pds.plcUrl}});
				if (result.code !== 0) failures.push(result.stderr);
			}
			return failures;
		})();
		const coordinator = new RefreshCoordinator(store);
		const mine: string[] = [];
		for (let index = 0; index < rounds; index++) {
			await coordinator.refresh(account.id).catch((error: unknown) => mine.push(isServiceError(error) ? error.message : String(error)));
		}
		assert.deepEqual(await other, [], 'every refresh of the other process succeeded');
		assert.deepEqual(mine, [], 'every refresh of this process succeeded');
		const stored = oauth(store.get(account.id));
		assert.equal(stored.status, 'ok');
		assert.ok(holdsOAuthSession(pds, stored.tokens.refreshToken), 'the server still holds the session with the stored refresh token');
		assert.equal(oauthSessionCount(pds, user.did), 1);
		assert.equal(oauth(await coordinator.refresh(account.id)).status, 'ok', 'and it refreshes once more');
	});

	it('turns "needs login" with the reason when the session reached its 14-day end', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const account = await signIn(store, await pds.createAccount());
		ageOAuthSession(pds, account.tokens.refreshToken, {createdMs: 15 * day, updatedMs: 1000});
		await assert.rejects(new RefreshCoordinator(store).refresh(account.id), (error: unknown) => isServiceError(error) && error.kind === 'needs-login');
		const stored = oauth(store.get(account.id));
		assert.equal(stored.status, 'needs-login');
		assert.match(stored.statusMessage ?? '', /Session expired.*14 days after sign-in/);
		assert.ok(!stored.statusMessage?.includes(account.tokens.refreshToken));
	});

	it('revokes the session on logout: its tokens are refused afterwards', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const account = await signIn(store, await pds.createAccount());
		const {serverMessage} = await logout(store, account.id);
		assert.equal(serverMessage, 'session revoked on the server');
		assert.equal(store.get(account.id), undefined);
		assert.equal(holdsOAuthSession(pds, account.tokens.refreshToken), false);
		assert.equal(await accepted(account), false);
	});
});
