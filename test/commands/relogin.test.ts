/**
 * Logging in again, in place, from the command line: against a REAL PDS and the Zettelstore
 * stand-in, run as the built binary. An account keeps its name, id and place; a name taken by
 * another account is refused before any password is asked for or any request made.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Account} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {blueskyRecord} from '../hostile/harness.js';
import {startAuthFactorProxy} from '../support/auth-factor-proxy.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {pdsWithAccountForSuite} from '../support/pds.js';
import {TmuxSession} from '../support/tmux.js';

const accounts = (dir: string) => TokenStore.open({dir}).read();
const only = (dir: string): Account => {
	const all = accounts(dir);
	assert.equal(all.length, 1, `one account: ${all.map(account => account.name).join(', ')}`);
	return all[0]!;
};

describe('re-login in place with a real PDS', () => {
	const {pds, account: alice} = pdsWithAccountForSuite();

	const login = (dir: string, identifier: string, ...extra: string[]) =>
		runCli(['login', 'bluesky', identifier, '--service', pds().url, '--password-stdin', ...extra], {configDir: dir, input: `${alice().password}\n`});

	/** Logs alice() in as "me", then ends her session on the server, so that she needs a login. */
	async function needingLogin(dir: string): Promise<BlueskyAccount> {
		assert.equal((await login(dir, alice().handle, '--name', 'me')).code, 0);
		const first = only(dir) as BlueskyAccount;
		await bluesky.deleteSession(first.pdsUrl ?? first.url, first.refreshJwt);
		const refused = await runCli(['refresh', 'me'], {configDir: dir});
		assert.equal(refused.code, 3, refused.stderr);
		const marked = only(dir) as BlueskyAccount;
		assert.equal(marked.status, 'needs-login');
		return marked;
	}

	async function assertLoggedInAgain(dir: string, before: BlueskyAccount): Promise<void> {
		const again = only(dir) as BlueskyAccount;
		assert.equal(again.id, before.id);
		assert.equal(again.name, 'me');
		assert.equal(again.createdAt, before.createdAt);
		assert.equal(again.status, 'ok');
		assert.ok(again.revision > before.revision, 'the revision only goes up');
		assert.notEqual(again.refreshJwt, before.refreshJwt);
		assert.equal((await bluesky.getSession(again.pdsUrl ?? again.url, again.accessJwt)).did, alice().did);
		const token = await runCli(['token', 'me'], {configDir: dir});
		assert.equal(token.code, 0, token.stderr);
		assert.equal(token.stdout, `${again.accessJwt}\n`);
	}

	for (const [how, identifier] of [
		['handle', () => alice().handle],
		['DID', () => alice().did],
	] as const) {
		it(`login bluesky <${how}> for a stored account logs it in again: same id, name and place`, async t => {
			const dir = tempConfigDir(t);
			const before = await needingLogin(dir);
			const result = await login(dir, identifier());
			assert.equal(result.code, 0, result.stderr);
			assert.match(result.stdout, /^Logged in again as .* — "me" keeps its name and place, access token valid/);
			await assertLoggedInAgain(dir, before);
		});
	}

	it('login NAME logs the stored account in again by name', async t => {
		const dir = tempConfigDir(t);
		const before = await needingLogin(dir);
		const result = await runCli(['login', 'me', '--password-stdin'], {configDir: dir, input: `${alice().password}\n`});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /Logged in again as/);
		await assertLoggedInAgain(dir, before);
		assert.ok(!result.stdout.includes(alice().password) && !result.stderr.includes(alice().password));
	});

	it('a wrong password at a re-login exits 3 and changes nothing', async t => {
		const dir = tempConfigDir(t);
		const before = await needingLogin(dir);
		const result = await runCli(['login', 'me', '--password-stdin'], {configDir: dir, input: 'not-the-password\n'});
		assert.equal(result.code, 3);
		assert.match(result.stderr, /wrong identifier or password/);
		assert.deepEqual(only(dir), before);
	});

	it('a re-login by name asks for the emailed sign-in code when the server wants one', async t => {
		const proxy = await startAuthFactorProxy({target: pds().url});
		t.after(() => proxy.close());
		const dir = tempConfigDir(t);
		const viaProxy = (...extra: string[]) => runCli(['login', ...extra, '--password-stdin'], {configDir: dir, input: alice().password});
		assert.equal((await viaProxy('bluesky', alice().handle, '--service', proxy.url, '--name', 'me', '--auth-factor', proxy.code)).code, 0);
		const before = only(dir);
		const asked = await viaProxy('me');
		assert.equal(asked.code, 3);
		assert.match(asked.stderr, /sign-in code.*--auth-factor/);
		const again = await viaProxy('me', '--auth-factor', proxy.code);
		assert.equal(again.code, 0, again.stderr);
		const after = only(dir);
		assert.equal(after.id, before.id);
		assert.ok(after.revision > before.revision);
	});

	it('a handle already used as another account’s name is refused before the password is asked for', async t => {
		const dir = tempConfigDir(t);
		// Another server's account under the name the new one would get (its handle).
		await TokenStore.open({dir}).update(() => [blueskyRecord('https://pds.elsewhere.example', {name: alice().handle})]);
		// No --password-stdin and no terminal: a prompt would fail; the clash must come first.
		const result = await runCli(['login', 'bluesky', alice().handle.toUpperCase(), '--service', pds().url], {configDir: dir});
		assert.equal(result.code, 2);
		assert.match(result.stderr, new RegExp(`An account named "${alice().handle.replaceAll('.', '\\.')}" exists already: choose another with --name`));
		assert.equal(accounts(dir).length, 1);
	});

	it('login NAME refuses options that do not apply, before asking anything', async t => {
		const dir = tempConfigDir(t);
		assert.equal((await login(dir, alice().handle, '--name', 'me')).code, 0);
		for (const [option, message] of [
			[['--name', 'other'], /--name does not apply to logging "me" in again/],
			[['--remember-password', 'plaintext'], /--remember-password does not apply/],
		] as const) {
			const result = await runCli(['login', 'me', ...option], {configDir: dir});
			assert.equal(result.code, 2, result.stderr);
			assert.match(result.stderr, message);
		}
	});
});

describe('re-login in place and name clashes with Zettelstore', () => {
	const password = 'correct horse';
	const server = zettelstoreForSuite({users: {owner: password, other: 'other password'}, loginDelayMs: 0});

	const login = (dir: string, user: string, extra: string[] = [], input = password) =>
		runCli(['login', 'zettelstore', server().url, user, ...extra, '--password-stdin'], {configDir: dir, input});

	/** A store holding owner as "zs", and how many logins the server had seen then. */
	async function ownerStoredAsZs(t: {after: (fn: () => void) => void}): Promise<{dir: string; attempts: number}> {
		const dir = tempConfigDir(t);
		assert.equal((await login(dir, 'owner', ['--name', 'zs'])).code, 0);
		return {dir, attempts: server().counters.loginAttempts};
	}

	it('logging in to a stored account again keeps its name, id and place among others', async t => {
		const dir = tempConfigDir(t);
		assert.equal((await login(dir, 'other', ['--name', 'a-first'], 'other password')).code, 0);
		assert.equal((await login(dir, 'owner', ['--name', 'b-mine'])).code, 0);
		const before = TokenStore.open({dir}).find('b-mine')!;
		// Written by hand below: its server URL as typed, with a trailing slash and no scheme.
		const bare = `${server().url.replace('http://', '')}/`;
		const again = await runCli(['login', 'zettelstore', bare, 'owner', '--password-stdin'], {configDir: dir, input: password});
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /Logged in again as owner at http:\/\/127\.0\.0\.1:\d+ — "b-mine" keeps its name and place/);
		assert.deepEqual(accounts(dir).map(account => account.name), ['a-first', 'b-mine'], 'same place, no second account');
		const after = TokenStore.open({dir}).find('b-mine')!;
		assert.equal(after.id, before.id);
		assert.ok(after.revision > before.revision);
	});

	it('a name taken by another account is refused before the password is asked for or sent', async t => {
		const {dir, attempts} = await ownerStoredAsZs(t);
		// No --password-stdin and no terminal: the clash must be found before the prompt would fail.
		const taken = await runCli(['login', 'zettelstore', server().url, 'other', '--name', 'zs'], {configDir: dir});
		assert.equal(taken.code, 2);
		assert.match(taken.stderr, /An account named "zs" exists already/);
		// The default name USER@HOST is known before logging in, too.
		await TokenStore.open({dir}).update(list => list.map(account => ({...account, name: `other@${new URL(server().url).host}`})));
		const defaultTaken = await runCli(['login', 'zettelstore', server().url, 'other'], {configDir: dir});
		assert.equal(defaultTaken.code, 2);
		assert.match(defaultTaken.stderr, /exists already/);
		assert.equal(server().counters.loginAttempts, attempts, 'no request reached the server');
	});

	it('another name for a stored identity is refused, pointing at the re-login', async t => {
		const {dir, attempts} = await ownerStoredAsZs(t);
		const result = await runCli(['login', 'zettelstore', server().url, 'owner', '--name', 'second'], {configDir: dir});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /stored already as "zs": tokentop login zs logs it in again/);
		assert.equal(server().counters.loginAttempts, attempts);
	});

	it('an unknown name or service is one clear line', async t => {
		const result = await runCli(['login', 'nobody'], {configDir: tempConfigDir(t)});
		assert.equal(result.code, 2);
		assert.match(result.stderr, /^tokentop: Unknown service or account "nobody": use bluesky or zettelstore, or the name of a stored account/);
	});

	it('at the hidden prompt: the password logs in again, Ctrl-C exits 130', async t => {
		const dir = tempConfigDir(t);
		assert.equal((await login(dir, 'owner', ['--name', 'zs'])).code, 0);
		const run = (args: string) => {
			const session = new TmuxSession(`sh -c '${process.execPath} ${cliPath} --config-dir ${dir} ${args}; echo "exit=$?"; sleep 30'`, {columns: 150, rows: 10});
			t.after(() => session.kill());
			return session;
		};
		const cancelled = run('login zs');
		await cancelled.waitForText('Password for owner ("zs"):');
		cancelled.type('half a passw');
		cancelled.press('C-c');
		const screen = await cancelled.waitForText('exit=130');
		assert.match(screen, /tokentop: cancelled/);
		assert.ok(!screen.includes('half a passw'), 'nothing typed was echoed');

		const typed = run('login zs');
		await typed.waitForText('Password for owner ("zs"):');
		typed.type(password);
		typed.press('Enter');
		const done = await typed.waitForText('exit=0');
		assert.match(done, /Logged in again as owner/);
		assert.ok(!done.includes(password));
	});
});
