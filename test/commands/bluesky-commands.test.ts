/**
 * The plain commands against a REAL PDS (in-process @atproto/pds on 127.0.0.1), run as the
 * built binary: what a user types, what the server then holds.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {startAuthFactorProxy} from '../support/auth-factor-proxy.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {pdsWithAccountForSuite} from '../support/pds.js';

describe('tokentop with a real PDS', () => {
	const {pds, account: alice} = pdsWithAccountForSuite();

	const stored = (dir: string, name: string) => TokenStore.open({dir}).find(name) as BlueskyAccount;
	const login = (dir: string, ...extra: string[]) =>
		runCli(['login', 'bluesky', alice().handle, '--service', pds().url, '--password-stdin', ...extra], {configDir: dir, input: `${alice().password}\n`});
	/** A store where the account is logged in as "me", and the account as stored then. */
	async function loggedInAsMe(t: {after: (fn: () => void) => void}): Promise<{dir: string; before: BlueskyAccount}> {
		const dir = tempConfigDir(t);
		await login(dir, '--name', 'me');
		return {dir, before: stored(dir, 'me')};
	}

	it('logs in, names the account after the handle, and the stored access token works', async t => {
		const dir = tempConfigDir(t);
		const result = await login(dir);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, new RegExp(`Logged in as ${alice().handle.replaceAll('.', '\\.')} \\(did:plc:`));
		const account = stored(dir, alice().handle);
		assert.equal(account.did, alice().did);
		assert.equal(account.scope, 'com.atproto.access');
		assert.ok(account.accessExpiresAt - Date.now() > 7100_000, 'about two hours');
		const session = await bluesky.getSession(account.pdsUrl ?? account.url, account.accessJwt);
		assert.equal(session.handle, alice().handle);
		for (const secret of [account.accessJwt, account.refreshJwt, alice().password]) {
			assert.ok(!result.stdout.includes(secret) && !result.stderr.includes(secret));
		}
		const list = JSON.parse((await runCli(['list', '--json'], {configDir: dir})).stdout);
		assert.equal(list[0].did, alice().did);
		assert.equal(list[0].identity, alice().handle);
		assert.equal(list[0].status, 'ok');
	});

	it('says a wrong password is wrong, exits 3 and stores nothing', async t => {
		const dir = tempConfigDir(t);
		const result = await runCli(['login', 'bluesky', alice().handle, '--service', pds().url, '--password-stdin'], {configDir: dir, input: 'not-the-password\n'});
		assert.equal(result.code, 3);
		assert.match(result.stderr, /wrong identifier or password/i);
		assert.equal(result.stderr.trim().split('\n').length, 1);
		assert.ok(!result.stderr.includes('not-the-password'));
		assert.deepEqual(TokenStore.open({dir}).read(), []);
	});

	it('refresh stores a new refresh token, and the new one works', async t => {
		const {dir, before} = await loggedInAsMe(t);
		const result = await runCli(['refresh', 'me'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /me: refreshed, valid 1h 59m|me: refreshed, valid 2h 00m/);
		const after = stored(dir, 'me');
		assert.notEqual(after.refreshJwt, before.refreshJwt);
		assert.equal(after.revision, before.revision + 1);
		// The server accepts the stored one (and rotates it again).
		const next = await bluesky.refreshSession(after.pdsUrl ?? after.url, after.refreshJwt);
		assert.equal(next.did, alice().did);
	});

	it('token --min-valid larger than the remaining life forces a refresh; a fresh one does not', async t => {
		const {dir, before} = await loggedInAsMe(t);
		const kept = await runCli(['token', 'me'], {configDir: dir});
		assert.equal(kept.code, 0, kept.stderr);
		assert.equal(kept.stdout, `${before.accessJwt}\n`);
		assert.equal(stored(dir, 'me').refreshJwt, before.refreshJwt, 'no refresh while valid');

		const forced = await runCli(['token', 'me', '--min-valid', '7300'], {configDir: dir});
		assert.equal(forced.code, 0, forced.stderr);
		const after = stored(dir, 'me');
		assert.notEqual(after.refreshJwt, before.refreshJwt, 'refreshed first');
		assert.equal(forced.stdout, `${after.accessJwt}\n`);
		assert.equal((await bluesky.getSession(after.pdsUrl ?? after.url, forced.stdout.trim())).did, alice().did);
	});

	it('logout ends the session on the server: the refresh token is then refused', async t => {
		const dir = tempConfigDir(t);
		await login(dir, '--name', 'me');
		const account = stored(dir, 'me');
		const result = await runCli(['logout', 'me'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /Logged out "me"/);
		assert.equal(TokenStore.open({dir}).find('me'), undefined);
		await assert.rejects(bluesky.refreshSession(account.pdsUrl ?? account.url, account.refreshJwt), {kind: 'needs-login'});
	});

	it('a refresh the server refuses exits 3 and marks the account, keeping its tokens', async t => {
		const dir = tempConfigDir(t);
		await login(dir, '--name', 'me');
		const account = stored(dir, 'me');
		await bluesky.deleteSession(account.pdsUrl ?? account.url, account.refreshJwt);
		const result = await runCli(['refresh', 'me'], {configDir: dir});
		assert.equal(result.code, 3);
		assert.match(result.stderr, /^me: .*(revoked|log in again)/im);
		const after = stored(dir, 'me');
		assert.equal(after.status, 'needs-login');
		assert.equal(after.refreshJwt, account.refreshJwt);
		const token = await runCli(['token', 'me'], {configDir: dir});
		assert.equal(token.code, 3);
		assert.equal(token.stdout, '');
	});

	it('asks for the email sign-in code: exit 3 with a hint, then logs in with --auth-factor', async t => {
		const proxy = await startAuthFactorProxy({target: pds().url});
		t.after(() => proxy.close());
		const dir = tempConfigDir(t);
		const first = await runCli(['login', 'bluesky', alice().handle, '--service', proxy.url, '--password-stdin'], {configDir: dir, input: alice().password});
		assert.equal(first.code, 3);
		assert.match(first.stderr, /sign-in code|--auth-factor/i);
		const second = await runCli(['login', 'bluesky', alice().handle, '--service', proxy.url, '--password-stdin', '--auth-factor', proxy.code], {
			configDir: dir,
			input: alice().password,
		});
		assert.equal(second.code, 0, second.stderr);
		assert.equal(stored(dir, alice().handle).did, alice().did);
	});

	it('answers usage errors with exit 2 and one line', async t => {
		const dir = tempConfigDir(t);
		for (const args of [['login', 'bluesky'], ['token'], ['refresh'], ['frobnicate'], ['token', 'nobody'], ['list', '--bogus'], ['login', 'bluesky', 'x', '--service', 'ftp://x']]) {
			const result = await runCli(args, {configDir: dir});
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
		}
		const insecure = await runCli(['login', 'bluesky', 'x', '--service', 'http://example.com', '--password-stdin'], {configDir: dir, input: 'pw'});
		assert.equal(insecure.code, 2);
		assert.match(insecure.stderr, /plain http/);
	});
});
