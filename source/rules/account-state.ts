/**
 * Which state an account is in, and how each state reads: one table for the app, `list` and
 * `list --json`, so they never disagree. Pure: the caller passes the clock's time, so the state
 * is always derived from expiresAt − now, never from a counter.
 */
import {type Account, accessExpiresAt, accessIssuedAt, accessTokenOf, identityDriftOf, needsNoAuth, sessionEndsAt} from '../services/account.js';
import {formatAgo, formatRoughly} from './time-format.js';

export type TimeState = 'ok' | 'expiring' | 'critical' | 'expired';
export type DisplayState = TimeState | 'session-ends-soon' | 'refreshing' | 'needs-login' | 'moved' | 'inactive' | 'error' | 'free';

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
	if (expiresAt - now <= 0) return 'expired';
	const {criticalAfter, expiringAfter} = stateTimes(expiresAt, issuedAt);
	if (now > criticalAfter) return 'critical';
	if (now > expiringAfter) return 'expiring';
	return 'ok';
}

/** After which moments a token is expiring and critical (it is expired from expiresAt on): the rule above as times. */
export function stateTimes(expiresAt: number, issuedAt: number): {expiringAfter: number; criticalAfter: number} {
	const lifetime = expiresAt - issuedAt;
	const criticalLimit = lifetime > 0 ? Math.min(criticalMs, lifetime / 4) : criticalMs;
	const expiringLimit = lifetime > 0 ? Math.max(Math.min(expiringMs, lifetime / 2), lifetime / 4) : expiringMs;
	return {expiringAfter: expiresAt - expiringLimit, criticalAfter: expiresAt - criticalLimit};
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
	if (view.account.status === 'needs-login') return identityDriftOf(view.account)?.state ?? 'needs-login';
	if (view.account.status === 'error') return 'error';
	const time = timeStateOf(accessExpiresAt(view.account), accessIssuedAt(view.account), now);
	if (time === 'critical' || time === 'expired') return time;
	const sessionEnd = sessionEndsAt(view.account);
	if (sessionEnd !== undefined && sessionEnd - now < sessionWarningMs) return 'session-ends-soon';
	return time;
}

/**
 * The earliest moment from `now` on at which displayStateOf may answer differently for the same
 * view (Infinity: only a new view can change it). Checking the state again only from then on
 * spares a list of badges their work on every tick.
 */
export function nextDisplayChangeAt(view: AccountView, now: number, sessionWarningMs = sessionEndWarningMs): number {
	if (view.refreshing || isFreeAccess(view) || view.account.status === 'needs-login' || view.account.status === 'error') return Number.POSITIVE_INFINITY;
	const expiresAt = accessExpiresAt(view.account);
	const {expiringAfter, criticalAfter} = stateTimes(expiresAt, accessIssuedAt(view.account));
	const sessionEnd = sessionEndsAt(view.account);
	let next = Number.POSITIVE_INFINITY;
	// The limits are compared with > and <: a moment equal to `now` still lies ahead.
	for (const moment of [expiringAfter, criticalAfter, expiresAt, sessionEnd === undefined ? Number.NaN : sessionEnd - sessionWarningMs]) {
		if (moment >= now && moment < next) next = moment;
	}
	return next;
}

export interface StateLook {
	/** For scripts (`list --json`): stable, one word. */
	id: string;
	/** One cell wide, its own per state. */
	symbol: string;
	/** For people: the app, `list`. */
	word: string;
	color: string;
	/** When an account is in this state (the help and the readme). */
	meaning: string;
}

/** Colour AND a symbol and word per state, so the state reads the same without colour. In the order the help lists them. */
export const stateLooks: Record<DisplayState, StateLook> = {
	ok: {id: 'ok', symbol: '✓', word: 'ok', color: 'green', meaning: 'more than a quarter of its lifetime and more than 10 minutes left'},
	expiring: {id: 'expiring', symbol: '▲', word: 'expiring', color: 'yellow', meaning: 'under a quarter of its lifetime, or under 10 minutes, left'},
	critical: {id: 'critical', symbol: '!', word: 'critical', color: 'red', meaning: 'under 2 minutes left'},
	expired: {id: 'expired', symbol: '✗', word: 'expired', color: 'red', meaning: 'no time left ("expired 7m ago"); r gets a new token'},
	refreshing: {id: 'refreshing', symbol: '↻', word: 'refreshing…', color: 'cyan', meaning: 'a refresh or login is under way'},
	error: {id: 'error', symbol: '⚠', word: 'error', color: 'magenta', meaning: 'the last refresh failed; says whether the token still works and for how long'},
	'session-ends-soon': {id: 'session-ends-soon', symbol: '◷', word: 'session ending', color: 'yellow', meaning: 'an OAuth session ends within 3 days: sign in again'},
	'needs-login': {id: 'needs-login', symbol: '⊘', word: 'needs login', color: 'red', meaning: 'the server refused the credential: Enter or r asks for the password'},
	moved: {id: 'moved', symbol: '⇢', word: 'moved', color: 'red', meaning: 'its DID now names another server: log in again (it goes there)'},
	inactive: {id: 'inactive', symbol: '⊗', word: 'inactive', color: 'red', meaning: 'its server says deactivated or taken down: log in where it lives'},
	free: {id: 'no-auth', symbol: '○', word: 'no auth needed', color: 'gray', meaning: 'the server needs no authentication: no token, nothing to renew'},
};

/**
 * The state in a few words with what matters about it, for the detail pane: "expired 7m ago",
 * "error — token still valid 1h 02m". Coarse (minutes), so it changes at most once a minute
 * while the time left is long.
 */
export function stateSentence(view: AccountView, now: number): string {
	const state = displayStateOf(view, now);
	const {word} = stateLooks[state];
	const remaining = accessExpiresAt(view.account) - now;
	if (state === 'expired') return `${word} ${formatAgo(-remaining)}`;
	if (state !== 'error') return word;
	return remaining > 0 ? `${word} — token still valid ${formatRoughly(remaining)}` : `${word} — token expired ${formatAgo(-remaining)}`;
}

/** Whether the access token may be handed out (copied, shown, printed), and if not, why. */
export type TokenUse = 'usable' | 'no-token' | 'expired' | 'rejected';

export function tokenUseOf(view: AccountView, now: number): TokenUse {
	if (needsNoAuth(view.account) || accessTokenOf(view.account) === '') return 'no-token';
	if (view.account.status === 'needs-login') return 'rejected';
	if (accessExpiresAt(view.account) <= now) return 'expired';
	return 'usable';
}

export function stateLabel(state: DisplayState): string {
	const look = stateLooks[state];
	return `${look.symbol} ${look.word}`;
}

/** The states in which only a person logging in helps: refused, moved, inactive. */
export function needsLoginState(state: DisplayState): boolean {
	return state === 'needs-login' || state === 'moved' || state === 'inactive';
}
