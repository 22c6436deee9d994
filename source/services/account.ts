/**
 * The account model: what the store keeps and what the UI and commands show.
 * Times are epoch milliseconds on the local clock. Expiry times are always computed
 * as receive time + remaining lifetime (never the token's own `exp` against the local
 * clock), so a skewed local clock does not make a valid token look expired.
 */

export type ServiceKind = 'bluesky' | 'zettelstore';

/** ok: usable; needs-login: the server rejected the credential; error: last attempt failed (tokens kept). */
export type AccountStatus = 'ok' | 'needs-login' | 'error';

export interface LastRefresh {
	at: number;
	ok: boolean;
	/** One line, never containing a secret. */
	message?: string;
}

interface AccountBase {
	/** Stable id, hex, never contains a dot (conf treats dots as paths). */
	id: string;
	/** User-chosen display name, unique in the store. */
	name: string;
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

export interface BlueskyAccount extends AccountBase {
	service: 'bluesky';
	/** What the user typed to log in (handle, email or DID). */
	identifier: string;
	handle: string;
	did: string;
	/** The account's own PDS from the didDoc, when the server sent one. Later calls go here. */
	pdsUrl?: string;
	accessJwt: string;
	refreshJwt: string;
	accessIssuedAt: number;
	accessExpiresAt: number;
	refreshExpiresAt: number;
	/** The access token's scope claim, e.g. com.atproto.access or com.atproto.appPass. */
	scope?: string;
}

export interface ZettelstoreTokenClaims {
	/** 1 = API token, 2 = web-UI token; from the token itself, never trusted over the returned seconds. */
	kind?: number;
	user?: string;
	issuedAt?: number;
	expiresAt?: number;
	zid?: string;
	/** Token format: s-expression claim (v0.13+) or JWT (up to v0.12). */
	format: 'sexpr' | 'jwt' | 'opaque';
}

export type PasswordMemory = 'none' | 'keyring' | 'plaintext';

export interface ZettelstoreAccount extends AccountBase {
	service: 'zettelstore';
	user: string;
	token: string;
	/** Receive time of the last token answer. */
	tokenReceivedAt: number;
	/** Receive time + returned seconds. */
	tokenExpiresAt: number;
	/** Seconds the server reported with the last answer. */
	reportedLifetime: number;
	/** Server has authentication disabled ("freeaccess"): nothing to renew. */
	freeAccess: boolean;
	/** Answer format of the server: s-expression (v0.12+) or JSON (v0.2–v0.11). */
	era: 'sexpr' | 'json';
	serverVersion?: string;
	claims?: ZettelstoreTokenClaims;
	passwordMemory: PasswordMemory;
	/** Only when passwordMemory is 'plaintext' (explicit consent). */
	password?: string;
	/** Token expiry at which the last automatic re-login happened: at most one per expiry. */
	reloginForExpiry?: number;
}

export type Account = BlueskyAccount | ZettelstoreAccount;

/** The access credential's expiry, whatever the service. */
export function accessExpiresAt(account: Account): number {
	return account.service === 'bluesky' ? account.accessExpiresAt : account.tokenExpiresAt;
}

/** When the current access credential was issued (receive time), for lifetime fractions. */
export function accessIssuedAt(account: Account): number {
	return account.service === 'bluesky' ? account.accessIssuedAt : account.tokenReceivedAt;
}

/** The identity shown in lists: handle for Bluesky, user for Zettelstore. */
export function identityOf(account: Account): string {
	return account.service === 'bluesky' ? account.handle : account.user;
}

export function accessTokenOf(account: Account): string {
	return account.service === 'bluesky' ? account.accessJwt : account.token;
}

/** Whether the stored access credential may be handed out as valid: not after the server rejected it. */
export function isUsable(account: Account): boolean {
	return account.status !== 'needs-login';
}

/** A Zettelstore server with authentication disabled: nothing expires, nothing to renew. */
export function needsNoAuth(account: Account): boolean {
	return account.service === 'zettelstore' && account.freeAccess;
}
