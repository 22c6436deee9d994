/**
 * The auto-refresh planner: when each account should be refreshed, which are due now, and
 * how long to wait after a failure. Pure (no timers, no I/O): the caller passes the time, so
 * the app, the keep-alive and the tests all plan alike.
 *
 * - Each kind says when its access credential is due (refreshDueAt: about half-life).
 * - Jitter moves that up to a tenth of the lifetime earlier, stable per account and revision,
 *   so a thousand accounts logged in together do not all renew in the same second.
 * - After a failure the next try waits, doubling per failure in a row, capped so that a few
 *   tries still fit into the token's remaining life and that an outage of hours is still
 *   retried every few minutes.
 * - A failure any tokentop wrote into the account (lastRefresh) holds every process back a
 *   little, so two processes never hammer a failing server in turn.
 */
import type {Account} from './account.js';
import {accessExpiresAt, accessIssuedAt, needsNoAuth} from './account.js';
import {kindOf} from './kinds.js';

/** Per account, in one process: failures (or refreshes that left it still due) in a row, and when to try next. */
export interface RetryState {
	failures: number;
	notBefore: number;
}

/** What an attempt that did not renew the credential tells the planner. */
export interface FailureInfo {
	/** The server said when its rate limit resets (epoch ms). */
	resetAt?: number;
}

export interface RefreshPlan {
	/** Accounts due now, the earliest planned first. */
	due: Account[];
	/** The earliest planned time among those not due yet. */
	nextAt?: number;
}

/** Jitter moves a refresh up to this share of the lifetime earlier. */
const jitterShare = 0.1;
const second = 1000;
const minute = 60 * second;

/** The access credential's lifetime (issue to expiry), 0 when unknown. */
export function lifetimeOf(account: Account): number {
	return Math.max(0, accessExpiresAt(account) - accessIssuedAt(account));
}

/**
 * Waits after failures, by lifetime: the first retry after a thirtieth of it (1–10 s), at most
 * a quarter of it (at most 5 minutes). A 60 s token is retried within seconds, a 2 h one
 * every 5 minutes at worst.
 */
export function retryDelays(lifetime: number): {base: number; cap: number} {
	const base = clamp(lifetime / 30, second, 10 * second);
	return {base, cap: clamp(lifetime / 4, base, 5 * minute)};
}

/** When auto-refresh should refresh this account; undefined when never (needs a login, nothing to renew). */
export function plannedRefreshAt(account: Account, retry?: RetryState): number | undefined {
	if (account.status === 'needs-login' || needsNoAuth(account)) return undefined;
	const lifetime = lifetimeOf(account);
	let planned = Math.round(kindOf(account).refreshDueAt(account) - lifetime * jitterShare * jitterFraction(account.id, account.revision));
	const last = account.lastRefresh;
	if (last && !last.ok) planned = Math.max(planned, last.at + retryDelays(lifetime).base);
	if (retry) planned = Math.max(planned, retry.notBefore);
	return planned;
}

/**
 * Whether the account is due now as stored, whatever this process remembers: asked again
 * under the account's lock, so that a refresh another tokentop did meanwhile is not repeated.
 */
export function isDue(account: Account, now: number): boolean {
	const planned = plannedRefreshAt(account);
	return planned !== undefined && planned <= now;
}

/** Which accounts are due at `now` (skipping those in `busy`) and when the next one will be. */
export function planRefreshes(accounts: Iterable<Account>, now: number, retries: ReadonlyMap<string, RetryState>, busy: {has(id: string): boolean} = new Set()): RefreshPlan {
	const due: Array<{account: Account; at: number}> = [];
	let nextAt: number | undefined;
	for (const account of accounts) {
		if (busy.has(account.id)) continue;
		const at = plannedRefreshAt(account, retries.get(account.id));
		if (at === undefined) continue;
		if (at <= now) due.push({account, at});
		else if (nextAt === undefined || at < nextAt) nextAt = at;
	}
	due.sort((a, b) => a.at - b.at);
	return {due: due.map(entry => entry.account), ...(nextAt === undefined ? {} : {nextAt})};
}

/** The wait after a failed attempt (or one that left the account still due): doubling, capped, spread. */
export function retryAfterFailure(account: Account, previous: RetryState | undefined, now: number, failure: FailureInfo = {}): RetryState {
	const failures = (previous?.failures ?? 0) + 1;
	const {base, cap} = retryDelays(lifetimeOf(account));
	let delay = Math.min(cap, base * 2 ** Math.min(failures - 1, 30));
	// While the token still works, keep a few tries inside what is left of it.
	const left = accessExpiresAt(account) - now;
	if (left > 0) delay = Math.min(delay, Math.max(base, left / 3));
	// Spread ±15 %, so accounts that failed together (a server outage) do not retry together.
	delay *= 0.85 + 0.3 * jitterFraction(account.id, failures);
	const notBefore = Math.max(now + delay, failure.resetAt ?? 0);
	return {failures, notBefore: Math.round(notBefore)};
}

/**
 * After a successful attempt: nothing to remember, unless the account is still due (a young
 * token came back unchanged, or the server's clock runs behind) — then it waits like after a
 * failure instead of being refreshed again at once.
 */
export function retryAfterSuccess(account: Account, previous: RetryState | undefined, now: number): RetryState | undefined {
	return isDue(account, now) ? retryAfterFailure(account, previous, now) : undefined;
}

/** A stable number in [0, 1) per account and a counter (its revision, a failure count). */
export function jitterFraction(id: string, counter: number): number {
	let hash = Math.imul(counter, 2654435761) >>> 0;
	for (const char of id) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
	return (hash % 1000) / 1000;
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}
