/**
 * Which state an account is in, and how each state reads: one table for the app, `list` and
 * `list --json`, so they never disagree. Pure: the caller passes the clock's time, so the state
 * is always derived from expiresAt − now, never from a counter.
 */
import {type Account, accessExpiresAt, accessIssuedAt, needsNoAuth, sessionEndsAt} from '../services/account.js';

export type TimeState = 'ok' | 'expiring' | 'critical' | 'expired';
export type DisplayState = TimeState | 'session-ends-soon' | 'refreshing' | 'needs-login' | 'error' | 'free';

/** Under this much time left a token is critical. */
export const criticalMs = 2 * 60_000;
/** Under this much time left (or under a quarter of its lifetime) a token is expiring. */
export const expiringMs = 10 * 60_000;
/** This long before a session's hard end (OAuth: 14 days after sign-in) the account asks for a new sign-in. */
export const sessionEndWarningMs = 3 * 24 * 60 * 60_000;

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

/** An account as the rules see it: what is stored, and whether a refresh is in flight. */
export interface AccountView {
	account: Account;
	refreshing: boolean;
}

/** Whether the account has nothing to renew (a server with authentication disabled). */
export function isFreeAccess(view: AccountView): boolean {
	return needsNoAuth(view.account);
}

/**
 * Status beats time: an in-flight refresh, then "no auth", then a stored failure, then a token
 * about to die (critical, expired), then a session end that only a person can prevent, then the
 * countdown.
 */
export function displayStateOf(view: AccountView, now: number, sessionWarningMs = sessionEndWarningMs): DisplayState {
	if (view.refreshing) return 'refreshing';
	if (isFreeAccess(view)) return 'free';
	if (view.account.status === 'needs-login') return 'needs-login';
	if (view.account.status === 'error') return 'error';
	const time = timeStateOf(accessExpiresAt(view.account), accessIssuedAt(view.account), now);
	if (time === 'critical' || time === 'expired') return time;
	const sessionEnd = sessionEndsAt(view.account);
	if (sessionEnd !== undefined && sessionEnd - now < sessionWarningMs) return 'session-ends-soon';
	return time;
}

export interface StateLook {
	/** For scripts (`list --json`): stable, one word. */
	id: string;
	symbol: string;
	/** For people: the app, `list`. */
	word: string;
	color: string;
}

/** Colour AND a symbol and word per state, so the state reads the same without colour. */
export const stateLooks: Record<DisplayState, StateLook> = {
	ok: {id: 'ok', symbol: '✓', word: 'ok', color: 'green'},
	expiring: {id: 'expiring', symbol: '▲', word: 'expiring', color: 'yellow'},
	critical: {id: 'critical', symbol: '!', word: 'critical', color: 'red'},
	expired: {id: 'expired', symbol: '✗', word: 'expired', color: 'red'},
	'session-ends-soon': {id: 'session-ends-soon', symbol: '◷', word: 'session ends soon', color: 'yellow'},
	'needs-login': {id: 'needs-login', symbol: '✗', word: 'needs login', color: 'red'},
	error: {id: 'error', symbol: '⚠', word: 'error', color: 'magenta'},
	refreshing: {id: 'refreshing', symbol: '↻', word: 'refreshing…', color: 'cyan'},
	free: {id: 'no-auth', symbol: '○', word: 'no auth', color: 'gray'},
};

export function stateLabel(state: DisplayState): string {
	const look = stateLooks[state];
	return `${look.symbol} ${look.word}`;
}
