/**
 * The plain commands against the Zettelstore stand-in, in both eras, run as the built binary.
 */
import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {runCli, tempConfigDir} from '../support/cli.js';

const password = 'correct horse';

for (const era of ['sexpr', 'json'] as const) {
	describe(`tokentop with Zettelstore (${era} era)`, () => {
		let server: ZettelstoreStandIn;
		before(async () => {
			server = await startZettelstoreStandIn({era, users: {owner: password}, loginDelayMs: 20, tokenLifetimeSeconds: 600, secret: 'stand-in secret'});
		});
		after(() => server.close());

		it('logs in, names the account USER@host:port, stores it 0600 and lists it without the token', async t => {
			const dir = tempConfigDir(t);
			const login = await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin'], {configDir: dir, input: `${password}\n`});
			assert.equal(login.code, 0, login.stderr);
			const host = new URL(server.url).host;
			assert.match(login.stdout, new RegExp(`saved as "owner@${host.replace('.', '\\.')}"`));
			assert.match(login.stdout, /token valid 9m 5\ds|token valid 10m 00s/);
			const file = path.join(dir, 'config.json');
			assert.equal(statSync(file).mode & 0o777, 0o600);
			assert.equal(statSync(dir).mode & 0o777, 0o700);
			const stored = JSON.parse(readFileSync(file, 'utf8'));
			const token: string = stored.accounts[0].token;
			assert.ok(token.length > 20);
			assert.equal(stored.accounts[0].password, undefined, 'no password without consent');

			const list = await runCli(['list', '--json'], {configDir: dir});
			assert.equal(list.code, 0);
			const [entry] = JSON.parse(list.stdout);
			assert.deepEqual(Object.keys(entry).sort(), ['accessExpiresAt', 'did', 'identity', 'name', 'refreshExpiresAt', 'service', 'status', 'url']);
			assert.equal(entry.service, 'zettelstore');
			assert.equal(entry.identity, 'owner');
			assert.equal(entry.status, 'ok');
			assert.ok(!list.stdout.includes(token) && !login.stdout.includes(token) && !login.stderr.includes(password));
		});

		it('refuses a wrong password with a clear message and exit code 3, storing nothing', async t => {
			const dir = tempConfigDir(t);
			const result = await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin'], {configDir: dir, input: 'wrong\n'});
			assert.equal(result.code, 3);
			assert.match(result.stderr, /rejected user owner|wrong user or password/i);
			assert.ok(!result.stderr.includes('wrong\n'.trim()) || /wrong user/.test(result.stderr));
			const list = await runCli(['list', '--json'], {configDir: dir});
			assert.deepEqual(JSON.parse(list.stdout), []);
		});

		it('renews a young token to itself without moving the expiry up, and an old one to a new token', async t => {
			const dir = tempConfigDir(t);
			await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin', '--name', 'zs'], {configDir: dir, input: password});
			const before = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).accounts[0];
			const young = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(young.code, 0, young.stderr);
			const afterYoung = await runCli(['token', 'zs', '--min-valid', '0'], {configDir: dir});
			assert.equal(afterYoung.stdout.trim(), before.token, 'a young token comes back unchanged');
			const listed = JSON.parse((await runCli(['list', '--json'], {configDir: dir})).stdout)[0];
			assert.ok(Date.parse(listed.accessExpiresAt) <= before.tokenExpiresAt, 'the countdown must not jump up');
			assert.equal(server.counters.renewalsSameToken > 0, true);

			// An old token: the server clock moves past the first quarter of the token's life.
			server.setClockOffset(200_000);
			t.after(() => server.setClockOffset(0));
			const old = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(old.code, 0, old.stderr);
			const fresh = await runCli(['token', 'zs', '--min-valid', '0'], {configDir: dir});
			assert.notEqual(fresh.stdout.trim(), before.token);
		});

		it('token --min-valid larger than the remaining life renews first; an expired token means exit 3', async t => {
			const dir = tempConfigDir(t);
			await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin', '--name', 'zs'], {configDir: dir, input: password});
			const renewalsBefore = server.counters.renewals;
			const token = await runCli(['token', 'zs', '--min-valid', '601'], {configDir: dir});
			assert.equal(token.code, 0, token.stderr);
			assert.equal(server.counters.renewals, renewalsBefore + 1);
			assert.equal(token.stdout.split('\n').length, 2, 'only the token and a newline');

			// The server's secret changes (a restart): every token is now rejected with 400.
			server.setSecret('another secret');
			t.after(() => server.setSecret('stand-in secret'));
			const refused = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(refused.code, 3);
			assert.match(refused.stderr, /log in again/);
			const listed = JSON.parse((await runCli(['list', '--json'], {configDir: dir})).stdout)[0];
			assert.equal(listed.status, 'needs-login');
			const never = await runCli(['token', 'zs'], {configDir: dir});
			assert.equal(never.code, 3, 'a rejected token is never printed as valid');
			assert.equal(never.stdout, '');
		});

		it('re-logs in once with a remembered password, never in a loop', async t => {
			const dir = tempConfigDir(t);
			const login = await runCli(['login', 'zettelstore', server.url, 'owner', '--password-stdin', '--name', 'zs', '--remember-password', 'plaintext'], {configDir: dir, input: password});
			assert.equal(login.code, 0, login.stderr);
			assert.match(login.stderr, /plain text/);
			server.setSecret('rotated');
			t.after(() => server.setSecret('stand-in secret'));
			const loginsBefore = server.counters.loginAttempts;
			const renewed = await runCli(['token', 'zs', '--min-valid', '700'], {configDir: dir});
			assert.equal(renewed.code, 0, renewed.stderr);
			assert.equal(server.counters.loginAttempts, loginsBefore + 1);

			// Now the password itself is changed on the server: one failed re-login, then no more tries.
			server.setUser('owner', 'changed');
			t.after(() => server.setUser('owner', password));
			server.setSecret('rotated again');
			const first = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(first.code, 3);
			const second = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(second.code, 3);
			assert.equal(server.counters.loginAttempts, loginsBefore + 2, 'one re-login per expiry');
		});
	});
}

describe('tokentop with an auth-disabled Zettelstore', () => {
	let server: ZettelstoreStandIn;
	before(async () => {
		server = await startZettelstoreStandIn({authDisabled: true});
	});
	after(() => server.close());

	it('shows no authentication needed and never renews', async t => {
		const dir = tempConfigDir(t);
		const login = await runCli(['login', 'zettelstore', server.url, 'anyone', '--password-stdin'], {configDir: dir, input: 'x'});
		assert.equal(login.code, 0, login.stderr);
		assert.match(login.stdout, /needs no authentication/);
		const renewalsBefore = server.counters.renewals;
		const refreshed = await runCli(['refresh', '--all'], {configDir: dir});
		assert.equal(refreshed.code, 0);
		assert.match(refreshed.stdout, /no authentication needed/);
		assert.equal(server.counters.renewals, renewalsBefore);
		const listed = JSON.parse((await runCli(['list', '--json'], {configDir: dir})).stdout)[0];
		assert.equal(listed.status, 'no-auth');
		assert.equal(listed.accessExpiresAt, null);
	});
});
