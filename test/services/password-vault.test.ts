/**
 * The keyring wrapper in-process: against a real Secret Service (gnome-keyring on a private D-Bus
 * session started here), against D-Bus without one, and with no D-Bus at all. Whatever the machine
 * has, the calls answer quickly, never leak the password in an error, and never report a password
 * as kept unless the real keyring holds it.
 */
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {isServiceError} from '../../source/services/errors.js';
import {deleteFromKeyring, keyringProblem, keyringTimeoutMs, loadFromKeyring, saveToKeyring} from '../../source/services/password-vault.js';
import {startZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {loginZettelstore, zettelstoreRecord} from '../support/accounts.js';
import {type SecretService, announceSkip, secretServiceMissing, startSecretService, startSessionBus} from '../support/secret-service.js';
import {openTempStore} from '../support/temp-store.js';

const accountId = `test-${process.pid}-${Date.now().toString(16)}`;
const entry = {service: 'tokentop', username: `zettelstore:${accountId}`};
const password = 'vault-test-pässword ✓';
const missing = secretServiceMissing();
const skip = missing ? announceSkip(missing) : false;

/** Points this process's keyring calls at a bus until the returned function restores the old one. */
function useBus(address: string): () => void {
	const previous = process.env.DBUS_SESSION_BUS_ADDRESS;
	process.env.DBUS_SESSION_BUS_ADDRESS = address;
	return () => {
		if (previous === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
		else process.env.DBUS_SESSION_BUS_ADDRESS = previous;
	};
}

async function assertRefusal(attempt: Promise<unknown>, reason: RegExp): Promise<void> {
	await assert.rejects(attempt, (error: unknown) => {
		assert.ok(isServiceError(error));
		assert.equal(error.kind, 'keyring');
		assert.match(error.message, /^Could not store the password in the system keyring \(/);
		assert.match(error.message, reason);
		assert.match(error.message, /nothing was stored: keep it in plain text in the 0600 config file instead, or do not remember it$/);
		assert.ok(!error.message.includes(password));
		assert.ok(!error.message.includes('\n'));
		return true;
	});
}

describe('password vault with a real Secret Service', {skip}, () => {
	let keyring: SecretService;
	let restoreBus: () => void;
	before(async () => {
		keyring = await startSecretService();
		restoreBus = useBus(keyring.env.DBUS_SESSION_BUS_ADDRESS);
	});
	after(async () => {
		restoreBus?.();
		await keyring?.stop();
	});

	it('stores exactly the password, reads it back, overwrites it and deletes it', async () => {
		assert.equal(await keyringProblem(), undefined);
		await saveToKeyring(accountId, password);
		assert.equal(await keyring.lookup(entry), password, 'secret-tool finds it in the Secret Service');
		assert.equal(await loadFromKeyring(accountId), password);

		await saveToKeyring(accountId, 'a newer password');
		assert.equal(await keyring.lookup(entry), 'a newer password');

		assert.equal(await deleteFromKeyring(accountId), true);
		assert.equal(await keyring.lookup(entry), undefined);
		assert.equal(await loadFromKeyring(accountId), undefined);
		assert.equal(await deleteFromKeyring(accountId), false);
	});

	it('a login whose account cannot be added leaves no password behind', async t => {
		const server = await startZettelstoreStandIn({users: {owner: password}, loginDelayMs: 300});
		t.after(() => server.close());
		const store = openTempStore(t);
		const login = loginZettelstore(store, {url: server.url, user: 'owner', password, name: 'zs', rememberPassword: 'keyring'});
		const settled = login.then(() => undefined, (error: unknown) => error);
		// While the server takes its time, another tokentop takes the name.
		while (server.counters.loginAttempts === 0) await new Promise(resolve => setTimeout(resolve, 5));
		await store.update(accounts => [...accounts, zettelstoreRecord({name: 'zs'})]);
		const error = await settled;
		assert.ok(isServiceError(error) && /exists already/.test(error.message), String(error));
		assert.deepEqual(await keyring.usernames('tokentop'), [], 'its password left the keyring with it');
	});

	it('refuses a locked keyring quickly, with one line and no password', async () => {
		await keyring.lock();
		const started = Date.now();
		await assertRefusal(saveToKeyring(accountId, password), /unlock prompt was dismissed|IsLocked/);
		assert.ok(Date.now() - started < keyringTimeoutMs, 'no waiting for a prompt nobody can answer');
		assert.equal(await keyring.lookup(entry), undefined);
	});
});

describe('password vault with no keyring reachable', () => {
	it('with no D-Bus session: says why, stores nothing, not even in the kernel keyring', async t => {
		t.after(useBus(`unix:path=${path.join(tmpdir(), `tokentop-no-bus-${process.pid}`)}`));
		const started = Date.now();
		assert.match((await keyringProblem()) ?? '', /no secret service provider or dbus session found/);
		await assertRefusal(saveToKeyring(accountId, password), /no secret service provider or dbus session found/);
		assert.ok(Date.now() - started < keyringTimeoutMs);
		// @napi-rs/keyring's silent fallback would have left a key here.
		if (existsSync('/proc/keys')) assert.ok(!readFileSync('/proc/keys', 'utf8').includes(`${entry.username}@tokentop`));
		assert.equal(await loadFromKeyring(accountId), undefined);
		assert.equal(await deleteFromKeyring(accountId), false);
	});

	it('with D-Bus but no Secret Service on it: says so, stores nothing', {skip}, async t => {
		const bus = await startSessionBus();
		t.after(() => bus.stop());
		t.after(useBus(bus.env.DBUS_SESSION_BUS_ADDRESS));
		assert.match((await keyringProblem()) ?? '', /org\.freedesktop\.secrets/);
		await assertRefusal(saveToKeyring(accountId, password), /org\.freedesktop\.secrets/);
	});
});
