/**
 * Auto-refresh driven by hand: an injected wall clock, monotonic clock and timers, and a fake
 * server that hands out fresh tokens (or is down). Hours pass in milliseconds: a thousand
 * accounts are kept alive with one timer, an outage is ridden out with capped back-off, and a
 * wall clock that jumped (the machine slept) makes everything due run at once.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {Account} from '../../source/services/account.js';
import {accessExpiresAt, accessIssuedAt} from '../../source/services/account.js';
import {AutoRefresher, type Timers} from '../../source/services/auto-refresh.js';
import type {RefreshOutcome} from '../../source/services/manager-api.js';
import {lifetimeOf, retryDelays} from '../../source/services/refresh-planner.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';

/** Lets every chain of settled refreshes run on (each takes a few turns of the event loop). */
const flush = async () => {
	for (let turn = 0; turn < 100; turn++) await new Promise(resolve => setImmediate(resolve));
};

/** Wall clock, monotonic clock and timers that move only when told. */
class FakeTime {
	wall = testEpoch;
	monotonic = 0;
	private readonly pending = new Map<number, {at: number; callback: () => void}>();
	private serial = 0;
	readonly timers: Timers = {
		set: (callback, ms) => {
			const id = ++this.serial;
			this.pending.set(id, {at: this.monotonic + ms, callback});
			return id;
		},
		clear: handle => this.pending.delete(handle as number),
	};

	get timerCount(): number {
		return this.pending.size;
	}

	/** Lets `ms` pass, firing timers in order (and letting their work settle). */
	async advance(ms: number, onStep?: () => void): Promise<void> {
		const end = this.monotonic + ms;
		for (;;) {
			await flush();
			const next = [...this.pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
			if (!next || next[1].at > end) break;
			this.move(next[1].at - this.monotonic);
			this.pending.delete(next[0]);
			next[1].callback();
			await flush();
			onStep?.();
		}
		this.move(end - this.monotonic);
	}

	/** The machine slept: the wall clock moved on, no timer noticed. */
	sleep(ms: number): void {
		this.wall += ms;
	}

	private move(ms: number): void {
		this.wall += ms;
		this.monotonic += ms;
	}
}

/** A fake server keeping accounts in memory: a refresh issues a token of the same lifetime from "now". */
class FakeFleet {
	readonly accounts = new Map<string, ZettelstoreAccount>();
	down = false;
	attempts: Array<{id: string; at: number; ok: boolean}> = [];
	running = 0;
	mostRunning = 0;

	constructor(
		private readonly time: FakeTime,
		count: number,
		lifetimeMs: number,
	) {
		for (let index = 0; index < count; index++) {
			const account = zettelstoreAccount({id: `acct${index}`, name: `acct${index}`, tokenReceivedAt: time.wall, tokenExpiresAt: time.wall + lifetimeMs, reportedLifetime: lifetimeMs / 1000, status: 'ok', lastRefresh: undefined});
			this.accounts.set(account.id, account);
		}
	}

	refresh = async (id: string): Promise<RefreshOutcome> => {
		this.running++;
		this.mostRunning = Math.max(this.mostRunning, this.running);
		await new Promise(resolve => setImmediate(resolve));
		this.running--;
		const account = this.accounts.get(id)!;
		const now = this.time.wall;
		this.attempts.push({id, at: now, ok: !this.down});
		if (this.down) return {ok: false, kind: 'network', message: 'refused the connection'};
		const lifetime = account.tokenExpiresAt - account.tokenReceivedAt;
		const next = {...account, tokenReceivedAt: now, tokenExpiresAt: now + lifetime, revision: account.revision + 1};
		this.accounts.set(id, next);
		return {ok: true, account: next};
	};
}

function refresherFor(time: FakeTime, fleet: FakeFleet, options: {concurrency?: number; onClockJump?: (ms: number) => void} = {}) {
	return new AutoRefresher({
		accounts: () => fleet.accounts.values(),
		refresh: fleet.refresh,
		clock: () => time.wall,
		monotonic: () => time.monotonic,
		timers: time.timers,
		concurrency: options.concurrency ?? 4,
		onClockJump: options.onClockJump,
	});
}

/** The share of its lifetime an account's token had used up at `now`. */
function usedShare(account: Account, now: number): number {
	return (now - accessIssuedAt(account)) / lifetimeOf(account);
}

describe('AutoRefresher', () => {
	it('keeps 200 accounts alive for 3 simulated hours with one timer: renewed after the first quarter, long before the end', async () => {
		const time = new FakeTime();
		const fleet = new FakeFleet(time, 200, 20 * minute);
		const refresher = refresherFor(time, fleet);
		const shares: number[] = [];
		let mostTimers = 0;
		const originalRefresh = fleet.refresh;
		fleet.refresh = async id => {
			shares.push(usedShare(fleet.accounts.get(id)!, time.wall));
			return originalRefresh(id);
		};
		refresher.start();
		await time.advance(3 * hour, () => {
			mostTimers = Math.max(mostTimers, time.timerCount);
			for (const account of fleet.accounts.values()) assert.ok(accessExpiresAt(account) > time.wall, `${account.name} expired`);
		});
		refresher.stop();
		assert.equal(mostTimers, 1, 'one timer, whatever the number of accounts');
		assert.ok(Math.min(...shares) > 0.25, `earliest renewal at ${Math.min(...shares)} of the lifetime`);
		assert.ok(Math.max(...shares) < 0.55, `latest renewal at ${Math.max(...shares)} of the lifetime`);
		// 3 h of 20-minute tokens renewed at 40–50 %: 18–22 renewals each.
		const perAccount = new Map<string, number>();
		for (const attempt of fleet.attempts) perAccount.set(attempt.id, (perAccount.get(attempt.id) ?? 0) + 1);
		assert.ok(Math.min(...perAccount.values()) >= 18 && Math.max(...perAccount.values()) <= 23, `${Math.min(...perAccount.values())}–${Math.max(...perAccount.values())} renewals each`);
	});

	it('runs at most `concurrency` refreshes at once and works through the rest', async () => {
		const time = new FakeTime();
		const fleet = new FakeFleet(time, 30, 20 * minute);
		const refresher = refresherFor(time, fleet, {concurrency: 3});
		time.sleep(19 * minute);
		refresher.start();
		await flush();
		await time.advance(1);
		assert.equal(fleet.attempts.length, 30);
		assert.equal(fleet.mostRunning, 3);
		refresher.stop();
	});

	it('after the machine slept (the wall clock jumped), refreshes whatever fell due at once', async () => {
		const time = new FakeTime();
		const fleet = new FakeFleet(time, 50, hour);
		const jumps: number[] = [];
		const refresher = refresherFor(time, fleet, {onClockJump: ms => jumps.push(ms)});
		refresher.start();
		await time.advance(10 * minute);
		assert.equal(fleet.attempts.length, 0);
		time.sleep(2 * hour);
		// The timer, counting awake time, would fire only ~20 minutes from now: the clock check must not wait for it.
		refresher.checkClock();
		await flush();
		await time.advance(1);
		assert.equal(jumps.length, 1);
		assert.ok(Math.abs(jumps[0]! - 2 * hour) < 1000);
		assert.equal(fleet.attempts.length, 50, 'every account refreshed at once');
		for (const account of fleet.accounts.values()) assert.ok(accessExpiresAt(account) > time.wall + 50 * minute);
		// A tick without a jump plans nothing new.
		await time.advance(1000);
		refresher.checkClock();
		assert.equal(jumps.length, 1);
		refresher.stop();
	});

	it('rides out a server down for an hour: keeps trying, never faster than the back-off, never rarer than the cap; catches up when it is back', async () => {
		const time = new FakeTime();
		const lifetime = 20 * minute;
		const fleet = new FakeFleet(time, 10, lifetime);
		const refresher = refresherFor(time, fleet);
		refresher.start();
		await time.advance(7 * minute);
		fleet.down = true;
		const downAt = time.wall;
		await time.advance(hour);
		fleet.down = false;
		const upAt = time.wall;
		const {base, cap} = retryDelays(lifetime);
		await time.advance(1.2 * cap);
		refresher.stop();
		for (const id of fleet.accounts.keys()) {
			const tries = fleet.attempts.filter(attempt => attempt.id === id && attempt.at >= downAt);
			const failed = tries.filter(attempt => !attempt.ok);
			assert.ok(failed.length >= 12, `${id}: only ${failed.length} tries in the hour`);
			const gaps = failed.slice(1).map((attempt, index) => attempt.at - failed[index]!.at);
			assert.ok(Math.min(...gaps) >= 0.85 * base, `${id}: retried after ${Math.min(...gaps)} ms`);
			assert.ok(Math.max(...gaps) <= 1.15 * cap + 1, `${id}: waited ${Math.max(...gaps)} ms`);
			const back = tries.find(attempt => attempt.ok);
			assert.ok(back && back.at - upAt <= 1.15 * cap, `${id}: back ${back ? back.at - upAt : 'never'} ms after the server`);
		}
	});

	it('backs off when a refresh leaves the account still due, instead of asking again at once', async () => {
		const time = new FakeTime();
		const fleet = new FakeFleet(time, 1, 20 * minute);
		// A server whose answers change nothing (a young token comes back unchanged).
		fleet.refresh = async id => {
			fleet.attempts.push({id, at: time.wall, ok: true});
			return {ok: true, account: fleet.accounts.get(id)!};
		};
		const refresher = refresherFor(time, fleet);
		time.sleep(19 * minute);
		refresher.start();
		await time.advance(minute);
		assert.ok(fleet.attempts.length >= 2 && fleet.attempts.length <= 6, `${fleet.attempts.length} attempts in a minute`);
		refresher.stop();
	});
});
