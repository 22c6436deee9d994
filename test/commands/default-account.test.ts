/**
 * The default account: `tokentop use NAME` stores it, TOKENTOP_ACCOUNT overrides it, `token`,
 * `exec` and `fetch` use it without a NAME, and `tokentop use` says which rule chose it.
 * Valid stored tokens: no server needed.
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {runCli, tempConfigDir} from '../support/cli.js';

async function twoAccounts(t: {after: (fn: () => void) => void}): Promise<string> {
	const dir = tempConfigDir(t);
	await TokenStore.open({dir}).update(() => [zettelstoreRecord({name: 'alpha', token: 'token-of-alpha'}), zettelstoreRecord({name: 'beta', token: 'token-of-beta'})]);
	return dir;
}

describe('the default account', () => {
	it('none set: commands without NAME ask which account, use says there is none', async t => {
		const dir = await twoAccounts(t);
		for (const args of [['token'], ['fetch', '/x'], ['exec', '--', 'true']]) {
			const result = await runCli(args, {configDir: dir});
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.match(result.stderr, /^tokentop: Which account\? Name one \(tokentop \w+ NAME\), or choose a default with tokentop use NAME or TOKENTOP_ACCOUNT$/m);
		}
		const shown = await runCli(['use'], {configDir: dir});
		assert.equal(shown.code, 1);
		assert.match(shown.stderr, /No default account/);
	});

	it('use NAME stores it (one line, 0600) and token, exec and fetch then work without NAME', async t => {
		const dir = await twoAccounts(t);
		const chosen = await runCli(['use', 'beta'], {configDir: dir});
		assert.equal(chosen.code, 0, chosen.stderr);
		const file = path.join(dir, 'default-account');
		assert.equal(readFileSync(file, 'utf8'), 'beta\n');
		assert.equal(statSync(file).mode & 0o777, 0o600);
		assert.deepEqual(readdirSync(dir).filter(name => name.includes('.tmp')), [], 'no temporary file left');
		assert.equal((await runCli(['use'], {configDir: dir})).stdout, 'beta (set with tokentop use)\n');
		assert.equal((await runCli(['token'], {configDir: dir})).stdout, 'token-of-beta\n');
		const ran = await runCli(['exec', '--', 'sh', '-c', 'printf %s "$TOKENTOP_ACCOUNT:$TOKENTOP_TOKEN"'], {configDir: dir});
		assert.equal(ran.stdout, 'beta:token-of-beta');
		// fetch picks the same account (its server is not there: the message names its host).
		const fetched = await runCli(['fetch', '/x'], {configDir: dir});
		assert.equal(fetched.code, 4);
		assert.match(fetched.stderr, /127\.0\.0\.1:9/);
	});

	it('TOKENTOP_ACCOUNT overrides the stored default, and use says so', async t => {
		const dir = await twoAccounts(t);
		await runCli(['use', 'beta'], {configDir: dir});
		const env = {TOKENTOP_ACCOUNT: 'alpha'};
		assert.equal((await runCli(['token'], {configDir: dir, env})).stdout, 'token-of-alpha\n');
		assert.equal((await runCli(['use'], {configDir: dir, env})).stdout, 'alpha (from TOKENTOP_ACCOUNT, which overrides beta set with tokentop use)\n');
		// A NAME given beats both.
		assert.equal((await runCli(['token', 'beta'], {configDir: dir, env})).stdout, 'token-of-beta\n');
		const note = await runCli(['use', 'beta'], {configDir: dir, env});
		assert.match(note.stderr, /TOKENTOP_ACCOUNT=alpha overrides the stored default/);
	});

	it('a default that names no account is said plainly; use refuses an unknown name and keeps the old one', async t => {
		const dir = await twoAccounts(t);
		const missing = await runCli(['token'], {configDir: dir, env: {TOKENTOP_ACCOUNT: 'gamma'}});
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /^tokentop: No account named "gamma" \(the default, from TOKENTOP_ACCOUNT; see tokentop list\)$/m);
		await runCli(['use', 'alpha'], {configDir: dir});
		const refused = await runCli(['use', 'gamma'], {configDir: dir});
		assert.equal(refused.code, 2);
		assert.equal(readFileSync(path.join(dir, 'default-account'), 'utf8'), 'alpha\n');
		await TokenStore.open({dir}).update(accounts => accounts.filter(account => account.name !== 'alpha'));
		assert.match((await runCli(['use'], {configDir: dir})).stdout, /^alpha \(set with tokentop use\) — no account has that name now/);
	});

	it('use --clear forgets the stored default', async t => {
		const dir = await twoAccounts(t);
		await runCli(['use', 'alpha'], {configDir: dir});
		assert.equal((await runCli(['use', '--clear'], {configDir: dir})).code, 0);
		assert.equal((await runCli(['token'], {configDir: dir})).code, 2);
	});
});
