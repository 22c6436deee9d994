/**
 * `tokentop status`, the built binary, on stores written for the purpose (it needs no network):
 * one line per account, exit 0 / 3 / 4 as a script tests it, NAME… to choose, --json to parse,
 * --quiet for `if tokentop status --quiet; then …`, and whether a keep-alive looks after the store.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Account} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {blueskyAccount, day, hour, minute} from '../support/fake-manager.js';
import {startKeepAlive} from '../support/keep-alive-process.js';

const now = Date.now();
const healthy = (): Account[] => [
	zettelstoreRecord({name: 'notes', tokenReceivedAt: now - minute, tokenExpiresAt: now + 9 * minute}),
	blueskyAccount({name: 'alice', accessIssuedAt: now - 10 * minute, accessExpiresAt: now + 110 * minute, refreshExpiresAt: now + 89 * day}, now),
];

async function storeWith(t: {after: (fn: () => void) => void}, accounts: Account[]): Promise<string> {
	const dir = tempConfigDir(t);
	await TokenStore.open({dir}).update(() => accounts);
	return dir;
}

describe('tokentop status', () => {
	it('all fine: one line per account, exit 0, and no keep-alive running is said', async t => {
		const dir = await storeWith(t, healthy());
		const result = await runCli(['status'], {configDir: dir});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.trimEnd().split('\n');
		assert.match(lines[0]!, /^NAME\s+STATE\s+LEFT\s+REFRESH\/SESSION\s+LAST FAILURE$/);
		assert.match(lines[1]!, /^alice\s+✓ ok\s+1h 4\dm\s+ends in 88d 23h$/);
		assert.match(lines[2]!, /^notes\s+✓ ok\s+8m 5\ds\s+—$/);
		assert.match(lines[3]!, /^no keep-alive runs for this store/);
	});

	it('says which account token, exec and fetch take without NAME, and by which rule', async t => {
		const dir = await storeWith(t, healthy());
		assert.equal((await runCli(['use', 'notes'], {configDir: dir})).code, 0);
		const stored = await runCli(['status'], {configDir: dir});
		assert.match(stored.stdout, /^default account: notes \(set with tokentop use\)$/m);
		const overridden = await runCli(['status', '--json'], {configDir: dir, env: {TOKENTOP_ACCOUNT: 'alice'}});
		assert.deepEqual(JSON.parse(overridden.stdout).defaultAccount, {name: 'alice', rule: 'environment', overrides: 'notes'});
		const text = await runCli(['status'], {configDir: dir, env: {TOKENTOP_ACCOUNT: 'alice'}});
		assert.match(text.stdout, /^default account: alice \(from TOKENTOP_ACCOUNT, which overrides notes set with tokentop use\)$/m);
	});

	it('exit 4 when one fails for network or server reasons, with the time and reason of the failure', async t => {
		const failedAt = now - 5 * minute;
		const dir = await storeWith(t, [...healthy(), zettelstoreRecord({name: 'wiki', status: 'error', statusMessage: 'wiki.example refused the connection', lastRefresh: {at: failedAt, ok: false, message: 'wiki.example refused the connection'}})]);
		const result = await runCli(['status'], {configDir: dir});
		assert.equal(result.code, 4);
		assert.match(result.stdout, /^wiki\s+⚠ error\s+\S+.*\d\d:\d\d:\d\d wiki\.example refused the connection$/m);
	});

	it('exit 3 when one needs a login (also when another fails): refused, or nothing left to renew it with', async t => {
		const refused = zettelstoreRecord({name: 'wiki', status: 'needs-login', statusMessage: 'wiki.example no longer accepts the token: log in again', lastRefresh: {at: now - minute, ok: false, message: 'wiki.example no longer accepts the token: log in again'}});
		const failing = zettelstoreRecord({name: 'other', status: 'error', lastRefresh: {at: now, ok: false, message: 'timeout'}});
		let result = await runCli(['status'], {configDir: await storeWith(t, [...healthy(), refused, failing])});
		assert.equal(result.code, 3);
		assert.match(result.stdout, /^wiki\s+⊘ needs login\s+.*no longer accepts the token/m);

		// A Zettelstore token that expired with no password kept: only a login brings it back.
		const dead = zettelstoreRecord({name: 'old', tokenReceivedAt: now - 20 * minute, tokenExpiresAt: now - 10 * minute});
		result = await runCli(['status'], {configDir: await storeWith(t, [...healthy(), dead])});
		assert.equal(result.code, 3);
		assert.match(result.stdout, /^old\s+✗ expired\s+expired\s+—\s+nothing left to renew it with: log in again$/m);

		// The same with a remembered password is fine: the next refresh logs in again.
		result = await runCli(['status'], {configDir: await storeWith(t, [...healthy(), {...dead, passwordMemory: 'plaintext', password: 'pw'}])});
		assert.equal(result.code, 0);
		// A Bluesky access token that expired is fine while its refresh token lives.
		result = await runCli(['status'], {configDir: await storeWith(t, [blueskyAccount({name: 'b', accessIssuedAt: now - 3 * hour, accessExpiresAt: now - hour, refreshExpiresAt: now + day}, now)])});
		assert.equal(result.code, 0);
	});

	it('NAME… chooses the accounts (and the exit code); an unknown name is a usage error', async t => {
		const dir = await storeWith(t, [...healthy(), zettelstoreRecord({name: 'wiki', status: 'needs-login', statusMessage: 'refused'})]);
		const result = await runCli(['status', 'alice', 'notes'], {configDir: dir});
		assert.equal(result.code, 0);
		assert.doesNotMatch(result.stdout, /wiki/);
		assert.equal((await runCli(['status', 'wiki'], {configDir: dir})).code, 3);
		const unknown = await runCli(['status', 'nobody'], {configDir: dir});
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /No account named "nobody"/);
		assert.equal((await runCli(['status', '--verbose'], {configDir: dir})).code, 2);
	});

	it('--quiet prints nothing, only the exit code speaks', async t => {
		for (const [accounts, code] of [
			[healthy(), 0],
			[[...healthy(), zettelstoreRecord({name: 'wiki', status: 'needs-login'})], 3],
			[[...healthy(), zettelstoreRecord({name: 'wiki', status: 'error'})], 4],
		] as const) {
			const result = await runCli(['status', '--quiet'], {configDir: await storeWith(t, [...accounts])});
			assert.equal(result.code, code);
			assert.equal(result.stdout + result.stderr, '');
		}
	});

	it('--json: every account with its state, health, expiries and last failure, and the keep-alive; never a token', async t => {
		const accounts = [...healthy(), zettelstoreRecord({name: 'wiki', status: 'error', lastRefresh: {at: now, ok: false, message: 'timeout'}})];
		const dir = await storeWith(t, accounts);
		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/looks after/);
		const result = await runCli(['status', '--json'], {configDir: dir});
		assert.equal(result.code, 4);
		const parsed = JSON.parse(result.stdout) as {keepAlive: {pid: number} | null; accounts: Array<Record<string, unknown>>};
		assert.equal(parsed.keepAlive?.pid, keepAlive.pid);
		assert.deepEqual(parsed.accounts.map(entry => [entry.name, entry.state, entry.health]), [['alice', 'ok', 'fine'], ['notes', 'ok', 'fine'], ['wiki', 'error', 'failing']]);
		assert.equal(parsed.accounts[0]!.refreshExpiresAt, new Date((accounts[1] as {refreshExpiresAt: number}).refreshExpiresAt).toISOString());
		assert.deepEqual(parsed.accounts[2]!.lastFailure, {at: new Date(now).toISOString(), message: 'timeout'});
		for (const account of accounts) assert.ok(!result.stdout.includes('accessJwt' in account ? account.accessJwt : (account as {token: string}).token));
		const text = await runCli(['status'], {configDir: dir});
		assert.match(text.stdout, new RegExp(`kept alive by pid ${keepAlive.pid} \\(tokentop keep-alive, since `));
		assert.equal(await keepAlive.stop(), 0);
	});
});
