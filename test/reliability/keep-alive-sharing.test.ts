/**
 * Three refreshers on one store, as people run them: `tokentop keep-alive` (the built binary),
 * the app's TokenManager with auto-refresh on (same planner, same planned times: they race at
 * every due time), and a script calling `tokentop token NAME --min-valid 11` in a loop. Tokens
 * live 20 s, on a Zettelstore and a Bluesky stand-in, each behind a proxy that keeps a ledger
 * of the credentials presented. No credential is ever presented twice — no account is
 * refreshed twice for the same due time, no rotated Bluesky token is reused — every token
 * handed out works, and every stored credential works at the end.
 */
import assert from 'node:assert/strict';
import {setTimeout as pause} from 'node:timers/promises';
import {describe, it} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {login} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {ledgeredStandInsForSuite} from '../support/request-ledger.js';

const runMs = 45_000;
const renew = 'PUT /a';
const refreshSession = 'POST /xrpc/com.atproto.server.refreshSession';

async function zettelstoreAccepts(server: ZettelstoreStandIn, token: string): Promise<boolean> {
	// Straight to the server, past the ledger: a renewal revokes nothing.
	const response = await fetch(`${server.url}/a`, {method: 'PUT', headers: {authorization: `Bearer ${token}`}});
	await response.text();
	return response.status === 200;
}

describe('keep-alive, the app and a token loop on one store', {timeout: 150_000}, () => {
	const {zettelstore, pds, zettelstoreLedger: zsLedger, blueskyLedger: bskyLedger} = ledgeredStandInsForSuite({users: {z0: 'pw', z1: 'pw', z2: 'pw'}, lifetimeSeconds: 20});

	it('never refreshes an account twice for the same due time, never loses a rotated token', async t => {
		const dir = tempConfigDir(t);
		const setup = TokenStore.open({dir});
		const names: string[] = [];
		for (const user of ['z0', 'z1', 'z2']) {
			await login(setup, {service: 'zettelstore', url: zsLedger().url, identifier: user, password: 'pw', name: user});
			names.push(user);
		}
		for (const handle of ['b0.test', 'b1.test', 'b2.test']) {
			const created = pds().createAccount(handle);
			await login(setup, {service: 'bluesky', url: bskyLedger().url, identifier: created.handle, password: created.password, name: handle});
			names.push(handle);
		}

		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/looks after 6 accounts/);
		const app = new TokenManager(TokenStore.open({dir}), {autoRefresh: true});
		app.start();
		t.after(() => app.stop());

		const deadline = Date.now() + runMs;
		let handedOut = 0;
		const refused: string[] = [];
		while (Date.now() < deadline) {
			const name = names[handedOut % names.length]!;
			const exit = await runCli(['token', name, '--min-valid', '11'], {configDir: dir});
			assert.equal(exit.code, 0, `token ${name}: ${exit.stderr}`);
			const token = exit.stdout.trim();
			const works = name.startsWith('z') ? await zettelstoreAccepts(zettelstore(), token) : await bluesky.getSession(pds().url, token).then(() => true, () => false);
			if (!works) refused.push(name);
			handedOut++;
			await pause(50);
		}
		assert.equal(await keepAlive.stop(), 0);
		app.stop();

		const zsRenewals = [...zsLedger().presented(renew).values()].reduce((sum, count) => sum + count, 0);
		const bskyRefreshes = [...bskyLedger().presented(refreshSession).values()].reduce((sum, count) => sum + count, 0);
		const byKeepAlive = keepAlive.lines.filter(line => / refreshed, valid/.test(line)).length;
		console.log(`${handedOut} tokens handed out; ${zsRenewals} Zettelstore renewals, ${bskyRefreshes} Bluesky refreshes (${byKeepAlive} by the keep-alive, the rest by the app and the token loop); credentials presented twice: ${zsLedger().repeats(renew)} + ${bskyLedger().repeats(refreshSession)}`);
		assert.equal(zsLedger().repeats(renew), 0, 'a Zettelstore token renewed twice');
		assert.equal(bskyLedger().repeats(refreshSession), 0, 'a Bluesky refresh token presented twice');
		assert.deepEqual(refused, [], 'tokens handed out that the server refused');
		// 45 s of 20 s tokens renewed at 40–50 %: about five renewals each, and no more.
		assert.ok(zsRenewals >= 3 * 4 && zsRenewals <= 3 * 7, `${zsRenewals} Zettelstore renewals`);
		assert.ok(bskyRefreshes >= 3 * 4 && bskyRefreshes <= 3 * 7, `${bskyRefreshes} Bluesky refreshes`);
		assert.ok(byKeepAlive > 0 && byKeepAlive < zsRenewals + bskyRefreshes, 'the refreshers really shared the work');

		const stored = TokenStore.open({dir}).read();
		for (const account of stored) {
			assert.equal(account.status, 'ok', `${account.name}: ${account.statusMessage}`);
			if (account.service === 'zettelstore') assert.ok(await zettelstoreAccepts(zettelstore(), (account as ZettelstoreAccount).token), `${account.name}: stored token refused`);
			// The last word: the stored refresh token, presented to the server for real.
			else await bluesky.refreshSession(pds().url, (account as BlueskyAccount).refreshJwt);
		}
	});
});
