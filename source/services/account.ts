/**
 * What every stored account has, whatever its kind, and the questions the rest of the code
 * asks of an account. The kind-specific shapes live in each kind's folder (bluesky/,
 * zettelstore/); the answers come from the account's kind in the registry (kinds.ts).
 * Times are epoch milliseconds on the local clock. Expiry times are always computed as
 * receive time + remaining lifetime (never the token's own `exp` against the local clock), so
 * a skewed local clock does not make a valid token look expired.
 */
import {randomBytes} from 'node:crypto';
import type {IdentityDrift} from './kind.js';
import {type Account, kindOf} from './kinds.js';

export type {Account, ServiceKind} from './kinds.js';

/** ok: usable; needs-login: the server rejected the credential; error: last attempt failed (tokens kept). */
export type AccountStatus = 'ok' | 'needs-login' | 'error';

export interface LastRefresh {
	at: number;
	ok: boolean;
	/** One line, never containing a secret. */
	message?: string;
}

export interface AccountBase {
	/** Stable id, hex, never contains a dot (dots in JSON keys would read as paths to some tools; kept plain). */
	id: string;
	/** User-chosen display name, unique in the store. */
	name: string;
	/** The kind of account: a key of the registry in kinds.ts. */
	service: string;
	/** Service URL the user logged in to (Bluesky entryway or Zettelstore base URL). */
	url: string;
	createdAt: number;
	status: AccountStatus;
	/** One-line reason for a non-ok status. */
	statusMessage?: string;
	lastRefresh?: LastRefresh;
	/** Bumped on every credential change; used to detect a newer session written by another process. */
	revision: number;
}

export type PasswordMemory = 'none' | 'keyring' | 'plaintext';

export function newAccountId(): string {
	return randomBytes(8).toString('hex');
}

/** The common fields of an account a login just made: its own id unless it is logged in again in place, revision 0. */
export function newAccountFields(origin: {id?: string; name: string; url: string}, createdAt: number): Pick<AccountBase, 'id' | 'name' | 'url' | 'createdAt' | 'revision'> {
	return {id: origin.id ?? newAccountId(), name: origin.name, url: origin.url, createdAt, revision: 0};
}

/** The access credential's expiry, whatever the kind. */
export function accessExpiresAt(account: Account): number {
	return kindOf(account).accessExpiresAt(account);
}

/** When the whole session ends whatever refreshing does (OAuth's 14 days), for kinds that have such an end. */
export function sessionEndsAt(account: Account): number | undefined {
	return kindOf(account).sessionEndsAt?.(account);
}

/** The account moved to another server or was deactivated there, as its last identity check found (kinds that check). */
export function identityDriftOf(account: Account): IdentityDrift | undefined {
	return account.status === 'needs-login' ? kindOf(account).identityDrift?.(account) : undefined;
}

/** When the current access credential was issued (receive time), for lifetime fractions. */
export function accessIssuedAt(account: Account): number {
	return kindOf(account).accessIssuedAt(account);
}

/** The identity shown in lists: handle for Bluesky, user for Zettelstore. */
export function identityOf(account: Account): string {
	return kindOf(account).identity(account);
}

export function accessTokenOf(account: Account): string {
	return kindOf(account).accessToken(account);
}

/** Whether the stored access credential may be handed out as valid: not after the server rejected it. */
export function isUsable(account: Account): boolean {
	return account.status !== 'needs-login';
}

/** A server with authentication disabled: nothing expires, nothing to renew. */
export function needsNoAuth(account: Account): boolean {
	return kindOf(account).needsNoAuth(account);
}

/** A refresh may log in again without a person (e.g. a remembered password). */
export function canReloginUnattended(account: Account): boolean {
	return kindOf(account).canReloginUnattended(account);
}
