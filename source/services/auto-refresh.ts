/**
 * Auto-refresh as it runs, for the app and the keep-alive alike: the planner's answer
 * (refresh-planner.ts) turned into one timer for the earliest planned refresh — not a poll
 * over every account — and at most `concurrency` refreshes at once, the rest queued in the
 * order they fell due. Every attempt's outcome goes back into the plan (back-off after a
 * failure). A wall clock that jumped (the machine slept, the clock was set) makes the timer
 * wrong: checkClock() notices and plans again, so whatever fell due meanwhile runs at once.
 */
import type {Account} from './account.js';
import type {RefreshOutcome} from './manager-api.js';
import {planRefreshes, plannedRefreshAt, retryAfterFailure, retryAfterSuccess, type RetryState} from './refresh-planner.js';

/** setTimeout/clearTimeout, injectable so tests can drive time by hand. */
export interface Timers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export interface AutoRefreshOptions {
	/** The accounts as they are now. */
	accounts(): Iterable<Account>;
	/**
	 * Refreshes one account if it is still due once under its lock; resolves `skipped` when it
	 * no longer was (another tokentop refreshed it meanwhile). Never rejects.
	 */
	refresh(id: string): Promise<RefreshOutcome>;
	/** After an attempt's outcome went into the plan. */
	onSettled?(account: Account, outcome: RefreshOutcome): void;
	/** The wall clock moved by `ms` more (or less) than the time that passed here. */
	onClockJump?(ms: number): void;
	/** Wall clock (epoch ms): what expiry times are measured in. */
	clock?: () => number;
	/** A clock that only counts time passing (it stops while the machine sleeps). */
	monotonic?: () => number;
	/** Refreshes at once; default 4. */
	concurrency?: number;
	timers?: Timers;
}

/** A wall clock that moved this much beyond the monotonic one has jumped. */
export const clockJumpToleranceMs = 5000;
/** setTimeout's longest delay. */
const longestDelayMs = 2 ** 31 - 1;

const realTimers: Timers = {
	set: (callback, ms) => setTimeout(callback, ms),
	clear: handle => clearTimeout(handle as NodeJS.Timeout),
};

export class AutoRefresher {
	private readonly retries = new Map<string, RetryState>();
	private readonly running = new Map<string, Promise<void>>();
	private queue: Account[] = [];
	private timer: unknown;
	private active = false;
	private reading?: {wall: number; monotonic: number};
	private readonly clock: () => number;
	private readonly monotonic: () => number;
	private readonly timers: Timers;
	private readonly concurrency: number;

	constructor(private readonly options: AutoRefreshOptions) {
		this.clock = options.clock ?? Date.now;
		this.monotonic = options.monotonic ?? (() => performance.now());
		this.timers = options.timers ?? realTimers;
		this.concurrency = options.concurrency ?? 4;
	}

	get on(): boolean {
		return this.active;
	}

	/** Starts planning; back-off from before is forgotten (turning it on again means "try now"). */
	start(): void {
		if (this.active) return;
		this.active = true;
		this.retries.clear();
		this.reading = this.read();
		this.replan();
	}

	/** Stops planning; refreshes in flight run to their end (see idle()). */
	stop(): void {
		this.active = false;
		this.queue = [];
		this.clearTimer();
	}

	/** Resolves once no refresh started here is in flight. */
	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.all(this.running.values());
	}

	/** When this account's next automatic refresh is planned (with this process's back-off). */
	plannedAt(account: Account): number | undefined {
		return plannedRefreshAt(account, this.retries.get(account.id));
	}

	/** Takes an outcome into the plan: also of refreshes a person asked for. */
	noteOutcome(account: Account, outcome: RefreshOutcome): void {
		const previous = this.retries.get(account.id);
		const now = this.clock();
		let next: RetryState | undefined;
		if (outcome.ok) next = retryAfterSuccess(outcome.account, previous, now);
		// Any failure waits, even one of ours (an account changed meanwhile): never a loop of tries.
		else next = retryAfterFailure(account, previous, now, {resetAt: outcome.resetAt});
		if (next) this.retries.set(account.id, next);
		else this.retries.delete(account.id);
	}

	/** Runs what is due now and sets the timer for the next one. Call when the accounts changed. */
	replan(): void {
		if (!this.active) return;
		this.clearTimer();
		const now = this.clock();
		const accounts = [...this.options.accounts()];
		this.forgetGone(accounts);
		const plan = planRefreshes(accounts, now, this.retries, this.running);
		this.queue = plan.due;
		this.launchQueued();
		if (plan.nextAt !== undefined) this.timer = this.timers.set(() => this.replan(), Math.min(longestDelayMs, Math.max(0, plan.nextAt - now)));
	}

	/**
	 * Compares how far the wall clock moved with how much time passed since the last check;
	 * on a jump, plans again at once. Cheap: call it every second or so.
	 */
	checkClock(): void {
		const current = this.read();
		const previous = this.reading;
		this.reading = current;
		if (!previous || !this.active) return;
		const jump = current.wall - previous.wall - (current.monotonic - previous.monotonic);
		if (Math.abs(jump) < clockJumpToleranceMs) return;
		this.options.onClockJump?.(jump);
		this.replan();
	}

	private launchQueued(): void {
		while (this.running.size < this.concurrency && this.queue.length > 0) {
			const account = this.queue.shift()!;
			if (!this.running.has(account.id)) this.launch(account);
		}
	}

	private launch(account: Account): void {
		const attempt = this.options
			.refresh(account.id)
			.catch((): RefreshOutcome => ({ok: false, kind: 'server', message: 'refresh failed'}))
			.then(outcome => {
				this.running.delete(account.id);
				this.noteOutcome(account, outcome);
				this.options.onSettled?.(account, outcome);
				if (!this.active) return;
				if (this.queue.length > 0) this.launchQueued();
				else this.replan();
			});
		this.running.set(account.id, attempt);
	}

	private forgetGone(accounts: Account[]): void {
		if (this.retries.size === 0) return;
		const present = new Set(accounts.map(account => account.id));
		for (const id of this.retries.keys()) if (!present.has(id)) this.retries.delete(id);
	}

	private clearTimer(): void {
		if (this.timer !== undefined) this.timers.clear(this.timer);
		this.timer = undefined;
	}

	private read(): {wall: number; monotonic: number} {
		return {wall: this.clock(), monotonic: this.monotonic()};
	}
}
