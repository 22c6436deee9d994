/** A Bluesky app-password session as the store keeps it. */
import type {AccountBase} from '../account.js';
import type {IdentityDrift} from '../kind.js';
import type {LoginBudget} from '../login-budget.js';

export interface BlueskyAccount extends AccountBase {
	service: 'bluesky';
	/** What the user typed to log in (handle, email or DID); a re-login uses the DID. */
	identifier: string;
	/** The current handle, as the last session answer said (handles change; the DID does not). */
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
	/** The server's login budget for this identifier, as the last login answer told it. */
	loginBudget?: LoginBudget;
	/** The last identity check (see bluesky-oauth/identity-drift.ts); the login counts as one. */
	identityCheckedAt?: number;
	/** What the last identity check found wrong (moved, deactivated); kept while the account needs a login. */
	identityDrift?: IdentityDrift;
}
