/**
 * A Zettelstore server that restarts with another signing key refuses every token before its
 * expiry. tokentop says so in words, and with a remembered password logs in again at once —
 * once per such event, never in a loop. A token refused at its expiry is not a restart.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {serverChangedReason} from '../../source/services/zettelstore/operations.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {loginZettelstore} from '../support/accounts.js';
import {openTempStore} from '../support/temp-store.js';

describe('Zettelstore server restarts', () => {
	const server = zettelstoreForSuite();

	it('without a kept password: "needs login", saying the server probably restarted or changed', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		server().restart();
		await assert.rejects(new RefreshCoordinator(store).refresh(account.id), (error: Error) => error.message === `${new URL(server().url).host}: ${serverChangedReason}: log in again`);
		const stored = TokenStore.open({dir: store.dir}).get(account.id)!;
		assert.equal(stored.status, 'needs-login');
		assert.match(stored.statusMessage!, /the server probably restarted or changed \(token refused before its expiry\)/);
	});

	it('with a kept password: logs in again at once, once, and says why', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw', rememberPassword: 'plaintext'});
		server().restart();
		const loginsBefore = server().counters.loginAttempts;
		const back = (await new RefreshCoordinator(store).refresh(account.id)) as ZettelstoreAccount;
		assert.equal(server().counters.loginAttempts, loginsBefore + 1);
		assert.equal(back.status, 'ok');
		assert.notEqual(back.token, account.token);
		assert.equal(back.lastRefresh?.message, `logged in again: ${serverChangedReason}`);
		// The new token renews as usual: no second login.
		server().setClockOffset(200_000);
		t.after(() => server().setClockOffset(0));
		await new RefreshCoordinator(store).refresh(account.id);
		assert.equal(server().counters.loginAttempts, loginsBefore + 1);
	});

	it('a token refused at its expiry is an expired token, not a restart', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		// Stored as expired a second ago (the server agrees: its clock is 11 minutes ahead).
		await store.update(accounts => accounts.map(candidate => ({...candidate, tokenReceivedAt: Date.now() - 601_000, tokenExpiresAt: Date.now() - 1000}) as ZettelstoreAccount));
		server().setClockOffset(660_000);
		t.after(() => server().setClockOffset(0));
		await assert.rejects(new RefreshCoordinator(store).refresh(account.id), (error: Error) => /no longer accepts the token: log in again$/.test(error.message) && !error.message.includes('restarted'));
	});
});
