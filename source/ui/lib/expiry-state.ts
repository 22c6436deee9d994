/**
 * Which state an account is shown in. Pure: the caller passes the clock's time, so the
 * state is always derived from expiresAt − now, never from a counter.
 */
import {accessExpiresAt, accessIssuedAt, needsNoAuth} from '../../services/account.js';
import type {AccountEntry} from '../../services/manager-api.js';

export type TimeState = 'ok' | 'expiring' | 'critical' | 'expired';
export type DisplayState = TimeState | 'refreshing' | 'needs-login' | 'error' | 'free';

/** Under this much time left a token is critical. */
export const criticalMs = 2 * 60_000;
/** Under this much time left (or under a quarter of its lifetime) a token is expiring. */
export const expiringMs = 10 * 60_000;

/**
 * Green → yellow under a quarter of the lifetime or 10 minutes → red under 2 minutes. For
 * tokens so short-lived that those limits would colour them from birth (the demo's 60 s,
 * Zettelstore's 10 min), the fixed limits shrink to half and a quarter of the lifetime, so the
 * colour still says how far along the token is.
 */
export function timeStateOf(expiresAt: number, issuedAt: number, now: number): TimeState {
	const remaining = expiresAt - now;
	if (remaining <= 0) return 'expired';
	const lifetime = expiresAt - issuedAt;
	const criticalLimit = lifetime > 0 ? Math.min(criticalMs, lifetime / 4) : criticalMs;
	const expiringLimit = lifetime > 0 ? Math.min(expiringMs, lifetime / 2) : expiringMs;
	if (remaining < criticalLimit) return 'critical';
	if (remaining < expiringLimit || (lifetime > 0 && remaining < lifetime / 4)) return 'expiring';
	return 'ok';
}

/** Whether the account has nothing to renew (Zettelstore with authentication disabled). */
export function isFreeAccess(entry: AccountEntry): boolean {
	return needsNoAuth(entry.account);
}

/** Status beats time: an in-flight refresh, then "no auth", then a stored failure, then the countdown. */
export function displayStateOf(entry: AccountEntry, now: number): DisplayState {
	if (entry.refreshing) return 'refreshing';
	if (isFreeAccess(entry)) return 'free';
	if (entry.account.status === 'needs-login') return 'needs-login';
	if (entry.account.status === 'error') return 'error';
	return timeStateOf(accessExpiresAt(entry.account), accessIssuedAt(entry.account), now);
}
