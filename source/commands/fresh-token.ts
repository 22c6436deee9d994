/**
 * An account whose access token will do for a while, for `token`, `exec` and `fetch`: as stored
 * when it has at least the time asked for left (no network code is even loaded then), else
 * refreshed first. A token the server rejected, or one that has expired, is never handed out.
 */
import {type Account, accessExpiresAt, accessIssuedAt, canReloginUnattended, isUsable, needsNoAuth} from '../services/account.js';
import {ServiceError, isServiceError} from '../services/errors.js';
import {formatCountdown, formatDuration} from '../rules/time-format.js';
import type {CommandContext} from './context.js';
import {shellWord} from './shell-words.js';

export interface FreshAccount {
	account: Account;
	/** The token has less time left than asked for, even after a refresh. */
	shortfall?: Shortfall;
}

export interface Shortfall {
	host: string;
	leftMs: number;
	askedMs: number;
	/** How long the server's tokens live; shorter than asked for when the server never grants more. */
	lifetimeMs: number;
}

/** A warning for stderr: `what` says what the command did with the token ("printed", "used"). */
export function describeShortfall(shortfall: Shortfall, what: string): string {
	const left = formatCountdown(shortfall.leftMs);
	if (shortfall.lifetimeMs < shortfall.askedMs) return `${shortfall.host} grants tokens for ${formatDuration(shortfall.lifetimeMs)} only; ${what} the freshest it gives (${left} left)`;
	return `${shortfall.host} kept the current token (${left} left, less than the ${Math.round(shortfall.askedMs / 1000)} s asked for); ${what} it`;
}

export async function freshAccount(context: CommandContext, account: Account, minValidSeconds: number): Promise<FreshAccount> {
	if (needsNoAuth(account)) return {account};
	if (!isUsable(account) && !canReloginUnattended(account)) {
		// The stored token was rejected: never hand it out, unless a remembered password can log in again.
		throw new ServiceError('needs-login', `${account.name} needs a new login: ${account.statusMessage ?? 'the server rejected its token'} — tokentop login ${shellWord(account.name)}`);
	}
	const minValidMs = minValidSeconds * 1000;
	const now = context.clock();
	if (isUsable(account) && accessExpiresAt(account) - now >= minValidMs) return {account};
	const {RefreshCoordinator} = await import('../services/refresh.js');
	let fresh: Account;
	try {
		fresh = await new RefreshCoordinator(context.store, context.clock).refresh(account.id, {minValidMs});
	} catch (error) {
		throw explainedForExpired(account, error, now);
	}
	const after = context.clock();
	const left = accessExpiresAt(fresh) - after;
	if (left <= 0) throw new ServiceError('bad-answer', `${hostOf(fresh)} issued an access token that has expired already (check the server's clock)`);
	if (left >= minValidMs) return {account: fresh};
	// Servers grant whole seconds; a renewal's rounding may shave a fraction off the expiry.
	const lifetimeMs = Math.ceil((accessExpiresAt(fresh) - accessIssuedAt(fresh)) / 1000) * 1000;
	return {account: fresh, shortfall: {host: hostOf(fresh), leftMs: left, askedMs: minValidMs, lifetimeMs}};
}

/** When the stored token has expired, a failed refresh means there is no token at all: say so. */
function explainedForExpired(account: Account, error: unknown, now: number): unknown {
	const expiredFor = now - accessExpiresAt(account);
	if (!isServiceError(error) || expiredFor < 0) return error;
	return new ServiceError(error.kind, `${account.name}'s access token expired ${formatDuration(expiredFor)} ago and could not be refreshed: ${error.message}`, error.details);
}

function hostOf(account: Account): string {
	return new URL(account.url).host;
}
