/**
 * A server outage longer than a token's life, under `tokentop keep-alive` (the built binary):
 * Bluesky and Zettelstore stand-ins with 12 s tokens behind proxies that cut every connection
 * for 20 s. The keep-alive keeps trying with back-off (never hammering, never giving up), and
 * once the servers are back every account is alive again within the back-off's cap: Bluesky by
 * its refresh token, Zettelstore (whose token died meanwhile) by its remembered password.
 */
import assert from 'node:assert/strict';
import {setTimeout as pause} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {login} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {tempConfigDir} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {ledgeredStandInsForSuite} from '../support/request-ledger.js';

describe('keep-alive through a server outage', {timeout: 90_000}, () => {
	const {pds, zettelstoreLedger: zsProxy, blueskyLedger: bskyProxy} = ledgeredStandInsForSuite({users: {owner: 'pw'}, lifetimeSeconds: 12});

	it('keeps trying with capped back-off, and every account is back soon after the servers', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		await login(store, {service: 'zettelstore', url: zsProxy().url, identifier: 'owner', password: 'pw', name: 'notes', rememberPassword: 'plaintext'});
		const created = pds().createAccount('alice.test');
		await login(store, {service: 'bluesky', url: bskyProxy().url, identifier: created.handle, password: created.password, name: 'alice'});
		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/notes: refreshed/);
		await keepAlive.waitForLine(/alice: refreshed/);

		zsProxy().down = true;
		bskyProxy().down = true;
		const downFrom = keepAlive.lines.length;
		await pause(20_000);
		zsProxy().down = false;
		bskyProxy().down = false;
		const upFrom = keepAlive.lines.length;
		const upAt = Date.now();
		await keepAlive.waitForLine(/notes: refreshed/, {from: upFrom, timeoutMs: 10_000});
		await keepAlive.waitForLine(/alice: refreshed/, {from: upFrom, timeoutMs: 10_000});
		const backAfter = Date.now() - upAt;
		assert.equal(await keepAlive.stop(), 0);

		const during = keepAlive.lines.slice(downFrom, upFrom);
		for (const name of ['notes', 'alice']) {
			const failures = during.filter(line => line.includes(`${name}: refresh failed:`));
			assert.ok(failures.length >= 4 && failures.length <= 20, `${name}: ${failures.length} tries in 20 s of outage:\n${during.join('\n')}`);
			assert.match(failures[0]!, /closed the connection|refused|did not answer/);
			assert.match(failures[0]!, /next try in \d+s$/);
		}
		// The back-off's cap for a 12 s token is 3 s: back within it, plus a request or two.
		assert.ok(backAfter <= 6_000, `back ${backAfter} ms after the servers`);
		assert.equal(keepAlive.lines.filter(line => /needs login/.test(line)).length, 0);
		for (const account of TokenStore.open({dir}).read()) assert.equal(account.status, 'ok', `${account.name}: ${account.statusMessage}`);
		console.log(`outage of 20 s: ${during.length} log lines during it; every account back ${backAfter} ms after the servers`);
	});
});
