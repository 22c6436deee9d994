/**
 * The app's view of the services: changes by another process show up, auto-refresh renews
 * ahead of expiry without piling up, refresh-all reports progress.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {loginZettelstore} from '../support/accounts.js';
import {kindOf} from '../../source/services/kinds.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {openTempStore} from '../support/temp-store.js';
import {until} from '../support/until.js';

describe('TokenManager', () => {
	const server = zettelstoreForSuite({users: {owner: 'pw', other: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600});

	it('shows an account another tokentop process logged in, without a restart', async t => {
		const store = openTempStore(t);
		const manager = new TokenManager(store, {pollMs: 50});
		manager.start();
		t.after(() => manager.stop());
		assert.equal(manager.getSnapshot().entries.length, 0);
		let notified = 0;
		manager.subscribe(() => notified++);
		// A second process: its own store object on the same folder.
		await loginZettelstore(TokenStore.open({dir: store.dir}), {url: server().url, user: 'other', password: 'pw', name: 'from-elsewhere'});
		await until(() => manager.getSnapshot().entries.length === 1, 'the new account');
		assert.equal(manager.getSnapshot().entries[0]!.account.name, 'from-elsewhere');
		assert.ok(notified > 0);
	});

	it('auto-refresh renews when the kind says (jitter up to a tenth earlier), plans the next one, and never twice at once', async t => {
		server().setTokenLifetimeSeconds(3);
		t.after(() => server().setTokenLifetimeSeconds(600));
		const store = openTempStore(t);
		const account = await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw'});
		const manager = new TokenManager(store, {pollMs: 50});
		manager.start();
		t.after(() => manager.stop());
		manager.setAutoRefresh(true);
		const planned = manager.getSnapshot().entries[0]!.nextRefreshAt!;
		const due = kindOf(account).refreshDueAt(account);
		assert.ok(planned >= due - 300 && planned <= due, `planned ${planned - account.tokenReceivedAt} ms after issue, due at ${due - account.tokenReceivedAt}`);
		const before = server().counters.renewalsNewToken;
		await until(() => server().counters.renewalsNewToken >= before + 2, 'two automatic renewals', 12_000);
		// The second one saved and shown:
		await until(() => manager.getSnapshot().entries[0]!.account.revision >= account.revision + 2 && !manager.getSnapshot().entries[0]!.refreshing, 'the renewal saved');
		const entry = manager.getSnapshot().entries[0]!;
		assert.ok(entry.nextRefreshAt! > Date.now(), 'the next one is planned ahead');
		// One account, one refresh at a time: renewals come one per lifetime, not in a burst.
		assert.ok(server().counters.renewals - before <= 3, `${server().counters.renewals - before} renewals`);
		manager.setAutoRefresh(false);
		assert.equal(manager.getSnapshot().entries[0]!.nextRefreshAt, undefined);
	});

	it('refresh-all shows progress and ends with every account refreshed', async t => {
		const store = openTempStore(t);
		for (const name of ['a', 'b', 'c', 'd', 'e']) await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw', name});
		const manager = new TokenManager(store, {concurrency: 2});
		const progress: string[] = [];
		manager.subscribe(() => {
			const bulk = manager.getSnapshot().bulk;
			if (bulk) progress.push(`${bulk.done}/${bulk.total}`);
		});
		const before = server().counters.renewals;
		await manager.refreshAll();
		assert.equal(server().counters.renewals, before + 5);
		assert.equal(progress.at(-1), '5/5');
		assert.ok(progress.includes('0/5'));
		assert.equal(manager.getSnapshot().bulk, undefined);
	});
});
