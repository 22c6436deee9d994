/**
 * Identity drift on the real PDS, for both Bluesky kinds: a new handle shows after a refresh
 * (and a re-login goes by DID), a deactivated account and a DID document that names another
 * server turn the account into "needs login" with the reason in words, and a DID directory that
 * cannot be reached never makes an account look moved. The identity check runs when it is due
 * (six hours after the last one or the login): the tests move that date back in the store.
 */
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as pause} from 'node:timers/promises';
import {type Server, createServer} from 'node:http';
import {type AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {listedAccount} from '../../source/commands/list.js';
import {displayStateOf} from '../../source/rules/account-state.js';
import {type Account} from '../../source/services/account.js';
import {type BlueskyAccount} from '../../source/services/bluesky/account.js';
import {type BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import {identityCheckIntervalMs} from '../../source/services/bluesky-oauth/identity-drift.js';
import {isServiceError} from '../../source/services/errors.js';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {login, relogin} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {cliPath, runCli} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {signInOAuth} from '../support/oauth-sign-in.js';
import {changeHandle, deactivateAccount, pointDidAt} from '../support/pds-identity.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';
import {tempConfigDir} from '../support/temp-store.js';

let pds: TestPds;
/** A server that answers every request with HTTP 500, as a failing DID directory would. */
let brokenDirectory: Server;
const previousPlcUrl = process.env.TOKENTOP_PLC_URL;

before(async () => {
	pds = await startTestPds();
	process.env.TOKENTOP_PLC_URL = pds.plcUrl;
	brokenDirectory = createServer((_request, response) => response.writeHead(500).end('{"message":"down"}'));
	await new Promise<void>(resolve => brokenDirectory.listen(0, '127.0.0.1', resolve));
});
after(async () => {
	if (previousPlcUrl === undefined) delete process.env.TOKENTOP_PLC_URL;
	else process.env.TOKENTOP_PLC_URL = previousPlcUrl;
	await new Promise(resolve => brokenDirectory?.close(resolve));
	await pds?.close();
});

type Kind = 'app password' | 'OAuth';

async function logIn(store: TokenStore, kind: Kind, user: TestAccount): Promise<Account> {
	if (kind === 'OAuth') return signInOAuth(store, pds, user);
	return login(store, {service: 'bluesky', url: pds.url, identifier: user.handle, password: user.password});
}

/** Makes the next refresh check the identity, as six hours after the last check would. */
async function makeCheckDue(store: TokenStore, id: string): Promise<void> {
	const account = store.get(id) as Account & {identityCheckedAt?: number};
	assert.ok(account.identityCheckedAt !== undefined, 'the login counted as an identity check');
	assert.ok(await store.saveAccount({...account, identityCheckedAt: Date.now() - identityCheckIntervalMs - 1000} as Account));
}

async function refreshFailure(store: TokenStore, id: string): Promise<{kind: string; message: string}> {
	try {
		await new RefreshCoordinator(store).refresh(id);
	} catch (error) {
		assert.ok(isServiceError(error), String(error));
		return {kind: error.kind, message: error.message};
	}
	assert.fail('the refresh succeeded');
}

/** A loopback URL where nothing listens: "another server" for the DID document. */
async function unusedServerUrl(): Promise<string> {
	const probe = createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as AddressInfo;
	await new Promise(resolve => probe.close(resolve));
	return `http://127.0.0.1:${port}`;
}

async function didDocumentServer(did: string): Promise<string | undefined> {
	const document = (await (await fetch(`${pds.plcUrl}/${did}`)).json()) as {service?: Array<{id: string; serviceEndpoint: string}>};
	return document.service?.find(service => service.id === '#atproto_pds')?.serviceEndpoint;
}

const pdsHost = () => new URL(pds.publicUrl).host;

describe('a handle change', () => {
	it('shows after the next refresh of an app-password session, and a re-login goes by DID', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const user = await pds.createAccount();
		const account = await logIn(store, 'app password', user);
		const renamed = `moved${randomBytes(4).toString('hex')}.test`;
		await changeHandle(pds, user, renamed);
		await new RefreshCoordinator(store).refresh(account.id);
		const stored = store.get(account.id) as BlueskyAccount;
		assert.equal(stored.handle, renamed);
		assert.equal(listedAccount(stored, Date.now()).identity, renamed);
		assert.equal(stored.identifier, user.handle, 'what was typed stays (it matches a later `login bluesky OLD-HANDLE`)');
		// The old handle no longer names the account: a re-login by it would be refused.
		const again = (await relogin(store, account.id, user.password)) as BlueskyAccount;
		assert.equal(again.status, 'ok');
		assert.equal(again.handle, renamed);
	});

	it('shows for an OAuth session once its identity check is due, from the account’s server', async t => {
		const store = TokenStore.open({dir: tempConfigDir(t)});
		const user = await pds.createAccount();
		const account = await signInOAuth(store, pds, user);
		const renamed = `moved${randomBytes(4).toString('hex')}.test`;
		await changeHandle(pds, user, renamed);
		await new RefreshCoordinator(store).refresh(account.id);
		assert.equal((store.get(account.id) as BlueskyOAuthAccount).handle, user.handle, 'a refresh between checks asks nothing more');
		await makeCheckDue(store, account.id);
		const checkedAfter = Date.now();
		await new RefreshCoordinator(store).refresh(account.id);
		const stored = store.get(account.id) as BlueskyOAuthAccount;
		assert.equal(stored.handle, renamed);
		assert.equal(stored.status, 'ok');
		assert.ok((stored.identityCheckedAt ?? 0) >= checkedAfter);
		assert.equal(listedAccount(stored, Date.now()).identity, renamed);
		// And it stays after the next refresh (the token set still carries the sign-in's handle).
		await new RefreshCoordinator(store).refresh(account.id);
		assert.equal((store.get(account.id) as BlueskyOAuthAccount).handle, renamed);
	});
});

for (const kind of ['app password', 'OAuth'] as const) {
	describe(`an account with ${kind === 'OAuth' ? 'an OAuth session' : 'an app-password session'}`, () => {
		it('whose server deactivated it needs a login, with the reason', async t => {
			const store = TokenStore.open({dir: tempConfigDir(t)});
			const user = await pds.createAccount();
			const account = await logIn(store, kind, user);
			await deactivateAccount(pds, user);
			// App passwords: the refresh answer itself says active: false. OAuth: the check asks getSession when due.
			if (kind === 'OAuth') await makeCheckDue(store, account.id);
			const failure = await refreshFailure(store, account.id);
			assert.deepEqual(failure, {kind: 'identity-drift', message: `deactivated on ${pdsHost()} — log in again`});
			const stored = store.get(account.id)!;
			assert.equal(stored.status, 'needs-login');
			assert.equal(stored.statusMessage, `deactivated on ${pdsHost()} — log in again`);
			assert.equal(displayStateOf({account: stored, refreshing: false}, Date.now()), 'inactive');
			assert.deepEqual({status: listedAccount(stored, Date.now()).status, reason: listedAccount(stored, Date.now()).reason}, {status: 'inactive', reason: `deactivated on ${pdsHost()} — log in again`});
			if (kind === 'app password') {
				// The rotated refresh token was kept, and a re-login meets the same answer.
				assert.notEqual((stored as BlueskyAccount).refreshJwt, (account as BlueskyAccount).refreshJwt);
				await assert.rejects(relogin(store, account.id, user.password), (error: unknown) => isServiceError(error) && error.kind === 'identity-drift');
				assert.equal(store.get(account.id)!.status, 'needs-login');
			}
		});

		it('whose DID document names another server is shown as moved there, and `status` exits 3', async t => {
			const configDir = tempConfigDir(t);
			const store = TokenStore.open({dir: configDir});
			const user = await pds.createAccount();
			const account = await logIn(store, kind, user);
			const elsewhere = await unusedServerUrl();
			await pointDidAt(pds, user, elsewhere);
			assert.equal(await didDocumentServer(user.did), elsewhere);
			await makeCheckDue(store, account.id);
			const movedWords = `moved to ${new URL(elsewhere).host} — log in again`;
			assert.deepEqual(await refreshFailure(store, account.id), {kind: 'identity-drift', message: movedWords});
			const stored = store.get(account.id)!;
			assert.equal(displayStateOf({account: stored, refreshing: false}, Date.now()), 'moved');
			assert.equal(stored.statusMessage, movedWords);
			if (kind === 'app password') {
				// A re-login goes where the DID document says the account lives now (nothing listens there).
				await assert.rejects(relogin(store, account.id, user.password), (error: unknown) => isServiceError(error) && error.kind === 'network' && error.message.includes(new URL(elsewhere).host));
			}
			if (!existsSync(cliPath)) assert.fail('dist/cli.js is missing: run npm run build first');
			const status = await runCli(['status', account.name], {configDir});
			assert.equal(status.code, 3, status.stderr);
			assert.match(status.stdout, /⇢ moved/);
			assert.ok(status.stdout.includes(movedWords), status.stdout);
			const listed = await runCli(['list', '--json'], {configDir});
			assert.deepEqual(JSON.parse(listed.stdout).map((entry: {status: string; reason?: string}) => [entry.status, entry.reason]), [['moved', movedWords]]);
			const table = await runCli(['list'], {configDir});
			assert.ok(table.stdout.includes(movedWords), table.stdout);
		});

		it('is never marked as moved when the DID directory cannot answer', async t => {
			const store = TokenStore.open({dir: tempConfigDir(t)});
			const user = await pds.createAccount();
			const account = await logIn(store, kind, user);
			await pointDidAt(pds, user, await unusedServerUrl());
			const before = store.get(account.id)!;
			t.after(() => {
				process.env.TOKENTOP_PLC_URL = pds.plcUrl;
			});
			for (const directory of [await unusedServerUrl(), `http://127.0.0.1:${(brokenDirectory.address() as AddressInfo).port}`]) {
				process.env.TOKENTOP_PLC_URL = directory;
				await makeCheckDue(store, account.id);
				const refreshed = await new RefreshCoordinator(store).refresh(account.id);
				assert.equal(refreshed.status, 'ok', `directory ${directory}`);
				assert.equal(displayStateOf({account: store.get(account.id)!, refreshing: false}, Date.now()), 'ok');
			}
			// The session stays where it was opened: nothing followed a move no directory confirmed.
			const stored = store.get(account.id)!;
			if (kind === 'app password') assert.equal((stored as BlueskyAccount).pdsUrl, (before as BlueskyAccount).pdsUrl);
			else assert.equal((stored as BlueskyOAuthAccount).tokens.pdsUrl, pds.publicUrl);
		});
	});
}

describe('the keep-alive', () => {
	it('reports a deactivated account as needing a login and runs --on-needs-login with the reason', {timeout: 60_000}, async t => {
		if (!existsSync(cliPath)) assert.fail('dist/cli.js is missing: run npm run build first');
		const configDir = tempConfigDir(t);
		const store = TokenStore.open({dir: configDir});
		const user = await pds.createAccount();
		const account = (await logIn(store, 'app password', user)) as BlueskyAccount;
		await deactivateAccount(pds, user);
		// Due for its refresh now: past half of its lifetime.
		const now = Date.now();
		assert.ok(await store.saveAccount({...account, accessIssuedAt: now - 7_000_000, accessExpiresAt: now + 200_000}));
		const reasonFile = path.join(configDir, 'reason.txt');
		const keepAlive = startKeepAlive(configDir, ['--on-needs-login', `printf '%s' "$TOKENTOP_STATE: $TOKENTOP_MESSAGE" > '${reasonFile}'`]);
		t.after(() => keepAlive.signal('SIGKILL'));
		const words = `deactivated on ${pdsHost()} — log in again`;
		await keepAlive.waitForLine(new RegExp(`${account.name.replaceAll('.', '\\.')}: needs login: ${words}`));
		for (let waited = 0; !existsSync(reasonFile) && waited < 10_000; waited += 50) await pause(50);
		assert.equal(readFileSync(reasonFile, 'utf8'), `needs-login: ${words}`);
	});
});
