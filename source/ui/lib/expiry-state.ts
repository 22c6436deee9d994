/**
 * Which state an account is shown in. Pure: the caller passes the clock's time, so the
 * state is always derived from expiresAt − now, never from a counter.
 */
import {accessExpiresAt, accessIssuedAt} from '../../services/account.js';
import type {AccountEntry} from '../../services/manager-api.js';

export type TimeState = 'ok' | 'expiring' | 'critical' | 'expired';
export type DisplayState = TimeState | 'refreshing' | 'needs-login' | 'error' | 'free';

/** Under this much time left a token is critical. */
export const criticalMs = 2 * 60_000;
/** Under this much time left (or under a quarter of its lifetime) a token is expiring. */
export const expiringMs = 10 * 60_000;

export function timeStateOf(expiresAt: number, issuedAt: number, now: number): TimeState {
	const remaining = expiresAt - now;
	if (remaining <= 0) return 'expired';
	if (remaining < criticalMs) return 'critical';
	const lifetime = expiresAt - issuedAt;
	if (remaining < expiringMs || (lifetime > 0 && remaining < lifetime / 4)) return 'expiring';
	return 'ok';
}

/** Whether the account has nothing to renew (Zettelstore with authentication disabled). */
export function isFreeAccess(entry: AccountEntry): boolean {
	return entry.account.service === 'zettelstore' && entry.account.freeAccess;
}

/** Status beats time: an in-flight refresh, then "no auth", then a stored failure, then the countdown. */
export function displayStateOf(entry: AccountEntry, now: number): DisplayState {
	if (entry.refreshing) return 'refreshing';
	if (isFreeAccess(entry)) return 'free';
	if (entry.account.status === 'needs-login') return 'needs-login';
	if (entry.account.status === 'error') return 'error';
	return timeStateOf(accessExpiresAt(entry.account), accessIssuedAt(entry.account), now);
}
