/**
 * Refresh orchestration against the Zettelstore stand-in: single flight, persist before
 * success, what a failure keeps and what it marks.
 */
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {describe, it} from 'node:test';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {loginZettelstore} from '../support/accounts.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {openTempStore} from '../support/temp-store.js';

describe('RefreshCoordinator', () => {
	const server = zettelstoreForSuite();

	it('joins a refresh already in flight instead of sending a second request', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		const coordinator = new RefreshCoordinator(store);
		const before = server().counters.renewals;
		const [first, second] = [coordinator.refresh(account.id), coordinator.refresh(account.id)];
		assert.equal(first, second, 'the second caller gets the same promise');
		await Promise.all([first, second]);
		assert.equal(server().counters.renewals, before + 1);
	});

	it('has the new token on disk before it reports success', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		server().setClockOffset(400_000);
		t.after(() => server().setClockOffset(0));
		const refreshed = (await new RefreshCoordinator(store).refresh(account.id)) as ZettelstoreAccount;
		assert.notEqual(refreshed.token, account.token);
		const onDisk = TokenStore.open({dir: store.dir}).find(account.id) as ZettelstoreAccount;
		assert.equal(onDisk.token, refreshed.token);
		assert.equal(onDisk.revision, account.revision + 1);
	});

	it('skips the request when the token has at least minValid left', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		const before = server().counters.renewals;
		await new RefreshCoordinator(store).refresh(account.id, {minValidMs: 60_000});
		assert.equal(server().counters.renewals, before);
	});

	it('keeps the tokens on a network or server failure and marks the account', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		const broken: Server = createServer((_request, response) => {
			response.writeHead(503, {'content-type': 'text/plain'}).end('Service Unavailable\n');
		});
		await new Promise<void>(resolve => broken.listen(0, '127.0.0.1', resolve));
		t.after(() => broken.close());
		const address = broken.address() as {port: number};
		await store.update(accounts => accounts.map(candidate => ({...candidate, url: `http://127.0.0.1:${address.port}`})));
		await assert.rejects(new RefreshCoordinator(store).refresh(account.id), {kind: 'server'});
		const stored = store.find(account.id) as ZettelstoreAccount;
		assert.equal(stored.token, account.token);
		assert.equal(stored.status, 'error');
		assert.equal(stored.lastRefresh?.ok, false);
		assert.match(stored.statusMessage ?? '', /503/);
	});
});
