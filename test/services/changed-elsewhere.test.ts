/**
 * A refresh that comes back to find a newer revision saved by another tokentop meanwhile: its
 * own kind of failure, the newer revision kept as it is (never marked, never overwritten).
 */
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {describe, it} from 'node:test';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {exitCodeFor, exitCodes, isServiceError} from '../../source/services/errors.js';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {loginZettelstore} from '../support/accounts.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {openTempStore} from '../support/temp-store.js';

describe('changed by another tokentop', () => {
	const server = zettelstoreForSuite();

	it('a save older than what another process saved meanwhile fails as changed-elsewhere and keeps the newer one', async t => {
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		const newer: ZettelstoreAccount = {...account, token: 'saved-by-the-other-tokentop', revision: account.revision + 5};
		// The renewal's answer arrives only after "another tokentop" (its own store object) saved a newer revision.
		const proxy = createServer((request, response) => {
			void (async () => {
				await TokenStore.open({dir: store.dir}).saveAccount(newer);
				const answer = await fetch(`${server().url}${request.url}`, {method: request.method, headers: {authorization: request.headers.authorization ?? ''}});
				response.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'text/plain'}).end(await answer.text());
			})();
		});
		const url = await listenOnLoopback(proxy);
		t.after(() => proxy.close());
		await store.update(accounts => accounts.map(candidate => ({...candidate, url})));

		await assert.rejects(new RefreshCoordinator(store).refresh(account.id), (error: unknown) => {
			assert.ok(isServiceError(error) && error.kind === 'changed-elsewhere', String(error));
			assert.match(error.message, /changed by another tokentop meanwhile/);
			assert.equal(exitCodeFor(error), exitCodes.other);
			return true;
		});
		const stored = TokenStore.open({dir: store.dir}).find(account.id) as ZettelstoreAccount;
		assert.equal(stored.token, newer.token);
		assert.equal(stored.revision, newer.revision);
		assert.equal(stored.status, 'ok', 'not marked as failed');
	});
});
