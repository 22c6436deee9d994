/**
 * The auto-refresh planner, pure: given accounts, a time and the back-off so far, what is due
 * and when the next one is; jitter; back-off doubling and capped. No timers, no servers.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Account} from '../../source/services/account.js';
import {kindOf} from '../../source/services/kinds.js';
import {
	isDue,
	jitterFraction,
	lifetimeOf,
	planRefreshes,
	plannedRefreshAt,
	retryAfterFailure,
	retryAfterSuccess,
	retryDelays,
	type RetryState,
} from '../../source/services/refresh-planner.js';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';

const second = 1000;

function zettelstoreWithLifetime(lifetimeMs: number, overrides: Parameters<typeof zettelstoreAccount>[0] = {}) {
	return zettelstoreAccount({tokenReceivedAt: testEpoch, tokenExpiresAt: testEpoch + lifetimeMs, reportedLifetime: lifetimeMs / 1000, status: 'ok', ...overrides});
}

describe('plannedRefreshAt', () => {
	it('plans at the kind’s due time, moved up to a tenth of the lifetime earlier by jitter', () => {
		for (const account of [zettelstoreWithLifetime(10 * minute), blueskyAccount()] as Account[]) {
			const due = kindOf(account).refreshDueAt(account);
			const planned = plannedRefreshAt(account)!;
			assert.ok(planned <= due && planned >= due - lifetimeOf(account) / 10, `${account.name}: planned ${planned - due} ms from due`);
		}
	});

	it('never plans an account that needs a login or a server without authentication', () => {
		assert.equal(plannedRefreshAt(zettelstoreWithLifetime(hour, {status: 'needs-login'})), undefined);
		assert.equal(plannedRefreshAt(zettelstoreWithLifetime(hour, {freeAccess: true})), undefined);
	});

	it('spreads a thousand accounts logged in the same second over a tenth of their lifetime', () => {
		const planned = Array.from({length: 1000}, (_, index) => plannedRefreshAt(zettelstoreWithLifetime(hour, {id: `acct${index}`}))!);
		const distinct = new Set(planned).size;
		const spread = Math.max(...planned) - Math.min(...planned);
		assert.ok(distinct > 500, `${distinct} distinct times`);
		assert.ok(spread > 0.09 * hour && spread <= 0.1 * hour, `spread ${spread / minute} min`);
		// About 2.8 a second on average; no second holds more than a handful.
		const perSecond = new Map<number, number>();
		for (const at of planned) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
		assert.ok(Math.max(...perSecond.values()) <= 12, `${Math.max(...perSecond.values())} in one second`);
	});

	it('keeps an account’s jitter while its revision stays, and draws anew with a new revision', () => {
		const account = zettelstoreWithLifetime(hour, {id: 'stable', revision: 4});
		assert.equal(plannedRefreshAt(account), plannedRefreshAt({...account}));
		const others = [5, 6, 7, 8].map(revision => plannedRefreshAt({...account, revision}));
		assert.ok(new Set(others).size > 1);
		assert.equal(jitterFraction('x', 1), jitterFraction('x', 1));
		assert.ok(jitterFraction('x', 1) >= 0 && jitterFraction('x', 1) < 1);
	});

	it('holds back after a failure stored by any tokentop, and after this process’s back-off', () => {
		const failedAt = testEpoch + 50 * minute;
		const account = zettelstoreWithLifetime(hour, {status: 'error', lastRefresh: {at: failedAt, ok: false, message: 'refused the connection'}});
		assert.ok(plannedRefreshAt(account)! >= failedAt + retryDelays(hour).base);
		const retry: RetryState = {failures: 3, notBefore: testEpoch + 55 * minute};
		assert.equal(plannedRefreshAt(account, retry), retry.notBefore);
	});
});

describe('planRefreshes', () => {
	it('lists what is due, the earliest first, skips busy accounts, and says when the next one is', () => {
		const early = zettelstoreWithLifetime(10 * minute, {id: 'early', tokenReceivedAt: testEpoch - 20 * minute, tokenExpiresAt: testEpoch - 10 * minute});
		const due = zettelstoreWithLifetime(10 * minute, {id: 'due', tokenReceivedAt: testEpoch - 9 * minute, tokenExpiresAt: testEpoch + minute});
		const busy = zettelstoreWithLifetime(10 * minute, {id: 'busy', tokenReceivedAt: testEpoch - 9 * minute, tokenExpiresAt: testEpoch + minute});
		const later = zettelstoreWithLifetime(10 * minute, {id: 'later'});
		const latest = zettelstoreWithLifetime(hour, {id: 'latest'});
		const plan = planRefreshes([later, due, busy, latest, early], testEpoch, new Map(), new Set(['busy']));
		assert.deepEqual(plan.due.map(account => account.id), ['early', 'due']);
		assert.equal(plan.nextAt, plannedRefreshAt(later));
	});

	it('honours this process’s back-off', () => {
		const account = zettelstoreWithLifetime(10 * minute, {id: 'a', tokenReceivedAt: testEpoch - 9 * minute, tokenExpiresAt: testEpoch + minute});
		const retries = new Map([['a', {failures: 1, notBefore: testEpoch + 5 * second}]]);
		const plan = planRefreshes([account], testEpoch, retries);
		assert.deepEqual(plan.due, []);
		assert.equal(plan.nextAt, testEpoch + 5 * second);
		assert.ok(isDue(account, testEpoch), 'as stored it is due: another process may try');
	});
});

describe('back-off', () => {
	it('doubles per failure in a row, up to a quarter of the lifetime', () => {
		const account = zettelstoreWithLifetime(hour, {tokenReceivedAt: testEpoch - 2 * hour, tokenExpiresAt: testEpoch - hour});
		const {base, cap} = retryDelays(hour);
		assert.equal(base, 10 * second);
		assert.equal(cap, 5 * minute);
		let retry: RetryState | undefined;
		const delays: number[] = [];
		for (let failure = 0; failure < 12; failure++) {
			retry = retryAfterFailure(account, retry, testEpoch);
			delays.push(retry.notBefore - testEpoch);
		}
		assert.ok(delays[0]! >= 0.85 * base && delays[0]! <= 1.15 * base, `first ${delays[0]}`);
		assert.ok(delays[1]! > delays[0]! && delays[2]! > delays[1]!);
		for (const delay of delays) assert.ok(delay <= 1.15 * cap, `${delay} over the cap`);
		assert.ok(delays.at(-1)! >= 0.85 * cap);
	});

	it('scales with short lifetimes: a 60 s token is retried within seconds, never later than 15 s', () => {
		const {base, cap} = retryDelays(60 * second);
		assert.equal(base, 2 * second);
		assert.equal(cap, 15 * second);
	});

	it('keeps a few tries inside what is left of a token that still works', () => {
		const account = zettelstoreWithLifetime(hour);
		const now = testEpoch + hour - 90 * second;
		let retry: RetryState | undefined = {failures: 9, notBefore: 0};
		retry = retryAfterFailure(account, retry, now);
		assert.ok(retry.notBefore - now <= 1.15 * 30 * second, `waits ${(retry.notBefore - now) / 1000} s with 90 s left`);
	});

	it('waits for a rate limit’s reset', () => {
		const account = zettelstoreWithLifetime(hour);
		const resetAt = testEpoch + 20 * minute;
		assert.equal(retryAfterFailure(account, undefined, testEpoch, {resetAt}).notBefore, resetAt);
	});

	it('spreads accounts that failed together', () => {
		const times = Array.from({length: 50}, (_, index) => retryAfterFailure(zettelstoreWithLifetime(hour, {id: `o${index}`}), {failures: 5, notBefore: 0}, testEpoch).notBefore);
		assert.ok(new Set(times).size > 25);
	});

	it('after a success: nothing to wait for, unless the account is still due (then it waits instead of hammering)', () => {
		const fresh = zettelstoreWithLifetime(hour, {tokenReceivedAt: testEpoch, tokenExpiresAt: testEpoch + hour});
		assert.equal(retryAfterSuccess(fresh, {failures: 3, notBefore: 0}, testEpoch), undefined);
		const unchanged = zettelstoreWithLifetime(hour, {tokenReceivedAt: testEpoch - 59 * minute, tokenExpiresAt: testEpoch + minute});
		const retry = retryAfterSuccess(unchanged, undefined, testEpoch);
		assert.ok(retry && retry.notBefore > testEpoch);
	});

	it('keeps trying through an hour of outage, never more often than the back-off allows, never rarer than the cap', () => {
		// A 2 h Bluesky token due at half-life; the server is down for the next simulated hour.
		const start = testEpoch + hour;
		const account = blueskyAccount({}, testEpoch);
		const {cap} = retryDelays(2 * hour);
		let now = start;
		let retry: RetryState | undefined;
		const tries: number[] = [];
		while (now < start + hour) {
			const at = plannedRefreshAt(account, retry)!;
			now = Math.max(now, at);
			tries.push(now);
			retry = retryAfterFailure(account, retry, now);
		}
		const gaps = tries.slice(1).map((at, index) => at - tries[index]!);
		assert.ok(Math.max(...gaps) <= 1.15 * cap, `longest gap ${Math.max(...gaps) / minute} min`);
		assert.ok(tries.length >= 12 && tries.length <= 40, `${tries.length} tries in the hour`);
	});
});
