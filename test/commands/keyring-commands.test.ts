/**
 * `--remember-password keyring` as a user meets it, run as the built binary against the
 * Zettelstore stand-in: with a real Secret Service (gnome-keyring on a private D-Bus session,
 * started here), and with none reachable — including the kernel keyring that @napi-rs/keyring
 * silently falls back to, which would accept the password and forget it at logout.
 */
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {type SecretService, announceSkip, inKernelSessionKeyring, secretServiceMissing, startSecretService, startSessionBus} from '../support/secret-service.js';

const password = 'keyring pässword 1';
const missing = secretServiceMissing();
const skip = missing ? announceSkip(missing) : false;
/** A bus address where nothing listens: no D-Bus session at all. */
const noBus = {DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(tmpdir(), `tokentop-no-bus-${process.pid}`)}`};

function storedAccounts(dir: string): Array<Record<string, unknown>> {
	const file = path.join(dir, 'config.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).accounts : [];
}

function loginArgs(server: ZettelstoreStandIn, name = 'zs', user = 'owner'): string[] {
	return ['login', 'zettelstore', server.url, user, '--password-stdin', '--name', name, '--remember-password', 'keyring'];
}

describe('--remember-password keyring with a real Secret Service', {skip}, () => {
	let server: ZettelstoreStandIn;
	let keyring: SecretService;
	before(async () => {
		server = await startZettelstoreStandIn({users: {owner: password, second: password}, loginDelayMs: 0, tokenLifetimeSeconds: 600});
		keyring = await startSecretService();
	});
	after(async () => {
		await keyring?.stop();
		await server?.close();
	});

	it('keeps the password in the Secret Service only, re-logs in with it once the token expired, and logout removes it', async t => {
		const dir = tempConfigDir(t);
		const login = await runCli(loginArgs(server), {configDir: dir, input: password, env: keyring.env});
		assert.equal(login.code, 0, login.stderr);
		assert.match(login.stdout, /saved as "zs"/);
		const [account] = storedAccounts(dir);
		assert.equal(account!.passwordMemory, 'keyring');
		assert.equal(account!.password, undefined, 'no password in the config file');
		assert.ok(!readFileSync(path.join(dir, 'config.json'), 'utf8').includes(password));
		const entry = {service: 'tokentop', username: `zettelstore:${account!.id as string}`};
		assert.equal(await keyring.lookup(entry), password, 'secret-tool finds the password in the Secret Service');

		// The server's clock passes the token's end: it refuses the renewal, the remembered password logs in again.
		const oldToken = account!.token;
		server.setClockOffset(11 * 60_000);
		t.after(() => server.setClockOffset(0));
		const loginsBefore = server.counters.logins;
		const refreshed = await runCli(['refresh', 'zs'], {configDir: dir, env: keyring.env});
		assert.equal(refreshed.code, 0, refreshed.stderr);
		assert.equal(server.counters.logins, loginsBefore + 1, 'one re-login with the password from the keyring');
		const token = await runCli(['token', 'zs'], {configDir: dir, env: keyring.env});
		assert.equal(token.code, 0, token.stderr);
		assert.notEqual(token.stdout.trim(), oldToken);

		const logout = await runCli(['logout', 'zs'], {configDir: dir, env: keyring.env});
		assert.equal(logout.code, 0, logout.stderr);
		assert.equal(await keyring.lookup(entry), undefined, 'logout removed the password from the keyring');
		assert.deepEqual(storedAccounts(dir), []);
	});

	it('refuses a locked keyring with exit code 1 and one clear line, adding no account', async t => {
		const dir = tempConfigDir(t);
		// Another identity: the same one again would be a re-login of the stored account.
		const first = await runCli(loginArgs(server, 'zs-first', 'second'), {configDir: dir, input: password, env: keyring.env});
		assert.equal(first.code, 0, first.stderr);
		await keyring.lock();
		const loginsBefore = server.counters.loginAttempts;
		const login = await runCli(loginArgs(server), {configDir: dir, input: password, env: keyring.env});
		assert.equal(login.code, 1, login.stderr);
		assert.match(login.stderr, /^tokentop: No usable system keyring \(.*IsLocked.*\), nothing was stored: --remember-password plaintext keeps the password in the 0600 config file, or leave the flag out to type it again when the token expires\n$/);
		assert.deepEqual(storedAccounts(dir).map(account => account.name), ['zs-first']);
		assert.equal(server.counters.loginAttempts, loginsBefore, 'the server was never asked');
	});
});

describe('--remember-password keyring with no keyring reachable', () => {
	const server = zettelstoreForSuite({users: {owner: password}, loginDelayMs: 0, tokenLifetimeSeconds: 600});

	async function assertRefused(t: {after: (fn: () => void) => void}, env: Record<string, string>, reason: RegExp, wrapper?: string[]): Promise<void> {
		const dir = tempConfigDir(t);
		const loginsBefore = server().counters.loginAttempts;
		const login = await runCli(loginArgs(server()), {configDir: dir, input: password, env, wrapper});
		assert.equal(login.code, 1, `a keyring failure is not a usage error: ${login.stderr}`);
		// keyctl itself announces the session keyring it made; the rest is tokentop's.
		const lines = login.stderr.trim().split('\n').filter(line => !/^Joined session keyring: \d+$/.test(line));
		assert.equal(lines.length, 1, login.stderr);
		assert.match(lines[0]!, /^tokentop: No usable system keyring \(/);
		assert.match(lines[0]!, reason);
		assert.match(lines[0]!, /--remember-password plaintext keeps the password in the 0600 config file, or leave the flag out/);
		assert.ok(!login.stderr.includes(password));
		assert.equal(login.stdout, '');
		assert.deepEqual(storedAccounts(dir), [], 'no account, not even half of one');
		assert.equal(server().counters.loginAttempts, loginsBefore, 'the server was never asked');
	}

	it('without a D-Bus session: exit code 1, one line naming plaintext and no remembering', async t => {
		await assertRefused(t, noBus, /no secret service provider or dbus session found/);
	});

	it('with D-Bus but no Secret Service on it', {skip}, async t => {
		const bus = await startSessionBus();
		t.after(() => bus.stop());
		await assertRefused(t, bus.env, /org\.freedesktop\.secrets/);
	});

	it('in a kernel session keyring that would take the password and forget it', {skip}, async t => {
		// First prove the trap is live here: the addon's silent fallback accepts and returns a password.
		const probe = spawnSync(inKernelSessionKeyring[0]!, [...inKernelSessionKeyring.slice(1), process.execPath, '--input-type=module', '-e',
			`import {Entry} from '@napi-rs/keyring'; const e = new Entry('tokentop-test', 'probe'); e.setPassword('v'); console.log(e.getPassword()); e.deletePassword();`,
		], {env: {...process.env, ...noBus}, encoding: 'utf8'});
		assert.equal(probe.stdout.trim(), 'v', `the kernel keyring takes writes in a fresh session keyring: ${probe.stderr}`);
		await assertRefused(t, noBus, /no secret service provider or dbus session found/, inKernelSessionKeyring);
	});
});
