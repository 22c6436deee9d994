/**
 * The keyring wrapper: whatever the machine has (a working keyring, none, a broken D-Bus), the
 * calls answer quickly and never leak the password in an error.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {deleteFromKeyring, keyringAvailable, keyringTimeoutMs, loadFromKeyring, saveToKeyring} from '../../source/services/password-vault.js';

const accountId = `test-${process.pid}-${Date.now().toString(16)}`;
const password = 'vault-test-pässword';

describe('password vault', () => {
	it('answers keyringAvailable within the deadline', async () => {
		const started = Date.now();
		const available = await keyringAvailable();
		assert.equal(typeof available, 'boolean');
		assert.ok(Date.now() - started < keyringTimeoutMs * 3 + 500);
	});

	it('stores, loads and deletes when a keyring works; fails cleanly when none does', async () => {
		if (await keyringAvailable()) {
			try {
				await saveToKeyring(accountId, password);
				assert.equal(await loadFromKeyring(accountId), password);
				assert.equal(await deleteFromKeyring(accountId), true);
				assert.equal(await loadFromKeyring(accountId), undefined);
			} finally {
				await deleteFromKeyring(accountId);
			}
			return;
		}
		await assert.rejects(saveToKeyring(accountId, password), (error: unknown) => {
			assert.ok(error instanceof Error);
			assert.match(error.message, /^Could not store the password in the system keyring \(/);
			assert.ok(!error.message.includes(password));
			assert.ok(!error.message.includes('\n'));
			return true;
		});
		assert.equal(await loadFromKeyring(accountId), undefined);
		assert.equal(await deleteFromKeyring(accountId), false);
	});
});
