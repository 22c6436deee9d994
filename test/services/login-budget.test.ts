/**
 * The login budget: read from the ratelimit-* headers of every login answer (the real PDS with
 * its rate limits on), kept with the account through refreshes, shown in the pane when it runs
 * low, and no automatic re-login (a remembered Zettelstore password) when fewer than a fifth
 * remain.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import {kindOf} from '../../source/services/kinds.js';
import {loginBudgetOf, loginBudgetRunsLow, loginBudgetText, loginBudgetTooLow} from '../../source/services/login-budget.js';
import {RefreshCoordinator} from '../../source/services/refresh.js';
import {login, relogin} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {startTestPds, type TestPds} from '../support/pds.js';
import {type LedgerProxy, startLedgerProxy} from '../support/request-ledger.js';
import {openTempStore} from '../support/temp-store.js';

const now = Date.now();

describe('reading the budget', () => {
	it('takes limit, remaining, reset (epoch seconds or seconds from now) and policy; ignores what is not there or not a number', () => {
		assert.deepEqual(loginBudgetOf({'ratelimit-limit': '30', 'ratelimit-remaining': '29', 'ratelimit-reset': '1795992655', 'ratelimit-policy': '30;w=300'}, now), {limit: 30, remaining: 29, resetAt: 1_795_992_655_000, policy: '30;w=300', seenAt: now});
		assert.equal(loginBudgetOf({'ratelimit-limit': '100', 'ratelimit-remaining': '7', 'ratelimit-reset': '120'}, now)!.resetAt, now + 120_000);
		assert.equal(loginBudgetOf({'ratelimit-remaining': '3'}, now), undefined);
		assert.equal(loginBudgetOf({'ratelimit-limit': 'many', 'ratelimit-remaining': '3'}, now), undefined);
		assert.equal(loginBudgetOf({'ratelimit-limit': '30', 'ratelimit-remaining': '3', 'ratelimit-policy': '<script>'}, now)!.policy, undefined);
	});

	it('is too low under a fifth, runs low at half, and counts only until its window resets', () => {
		const budget = (remaining: number, resetAt = now + 60_000) => ({limit: 30, remaining, resetAt, seenAt: now});
		assert.equal(loginBudgetTooLow(budget(6), now), false);
		assert.equal(loginBudgetTooLow(budget(5), now), true);
		assert.equal(loginBudgetTooLow(budget(0, now - 1), now), false, 'the window reset');
		assert.equal(loginBudgetTooLow(undefined, now), false);
		assert.equal(loginBudgetRunsLow(budget(16), now), false);
		assert.equal(loginBudgetRunsLow(budget(15), now), true);
		assert.match(loginBudgetText({...budget(4), policy: '30;w=300'}), /^4 of 30 logins left until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(30;w=300\)$/);
	});
});

describe('Bluesky logins on a real PDS with its rate limits on', () => {
	let pds: TestPds;
	before(async () => {
		pds = await startTestPds({rateLimitsEnabled: true, didDocWithSession: false});
	});
	after(() => pds?.close());

	it('keeps the budget each login answer announced with the account, through refreshes, and shows it in the pane when it runs low', async t => {
		const store = openTempStore(t);
		const created = await pds.createAccount();
		const account = (await login(store, {service: 'bluesky', url: pds.url, identifier: created.handle, password: created.password})) as BlueskyAccount;
		assert.equal(account.loginBudget?.limit, 30);
		assert.equal(account.loginBudget?.remaining, 29);
		assert.equal(account.loginBudget?.policy, '30;w=300');
		assert.ok(account.loginBudget!.resetAt! > Date.now() && account.loginBudget!.resetAt! <= Date.now() + 301_000);
		const refreshed = (await new RefreshCoordinator(store).refresh(account.id)) as BlueskyAccount;
		assert.deepEqual(refreshed.loginBudget, account.loginBudget, 'a refresh is no login');
		// A re-login goes by DID, which the PDS counts apart from the handle (per identifier and IP): two of them.
		await relogin(store, account.id, created.password);
		const again = (await relogin(store, account.id, created.password)) as BlueskyAccount;
		assert.equal(again.loginBudget?.remaining, 28);
		assert.equal(TokenStore.open({dir: store.dir}).get(account.id)!.revision, again.revision, 'stored');

		const rows = (candidate: BlueskyAccount) => kindOf(candidate).detail(candidate).credential.map(row => `${row.label}: ${'text' in row ? row.text : ''}`);
		assert.ok(!rows(again).some(row => row.startsWith('login budget')), 'plenty left: not shown');
		const low = {...again, loginBudget: {...again.loginBudget!, remaining: 6}};
		assert.ok(rows(low).some(row => /^login budget: 6 of 30 logins left until .* \(30;w=300\)$/.test(row)), rows(low).join('\n'));
	});
});

describe('automatic Zettelstore re-logins and the budget', () => {
	let server: ZettelstoreStandIn;
	let proxy: LedgerProxy;
	let remaining = 30;
	before(async () => {
		server = await startZettelstoreStandIn({users: {owner: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600});
		proxy = await startLedgerProxy(server.url);
		// A proxy in front of the server that counts logins, as a PDS does.
		proxy.addHeaders.set('POST /a', () => ({'ratelimit-limit': '30', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300)}));
	});
	after(async () => {
		await proxy.close();
		await server.close();
	});

	for (const [left, loginsAgain] of [
		[6, true],
		[5, false],
	] as const) {
		it(`${left} of 30 left: ${loginsAgain ? 'logs in again by itself' : 'leaves the login to a person'}`, async t => {
			const store = openTempStore(t);
			remaining = left;
			const account = (await login(store, {service: 'zettelstore', url: proxy.url, identifier: 'owner', password: 'pw', rememberPassword: 'plaintext'})) as ZettelstoreAccount;
			assert.equal(account.loginBudget?.remaining, left);
			assert.equal(kindOf(account).canReloginUnattended(account), loginsAgain);
			server.restart();
			const attempts = server.counters.loginAttempts;
			const refresh = new RefreshCoordinator(store).refresh(account.id);
			if (loginsAgain) {
				await refresh;
				assert.equal(server.counters.loginAttempts, attempts + 1);
			} else {
				await assert.rejects(refresh, /not logging in again by itself with 5 of 30 logins left until .*: log in yourself$/);
				assert.equal(server.counters.loginAttempts, attempts, 'no login spent');
				assert.equal(TokenStore.open({dir: store.dir}).get(account.id)!.status, 'needs-login');
			}
		});
	}
});
