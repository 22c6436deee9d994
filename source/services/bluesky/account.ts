/** A Bluesky app-password session as the store keeps it. */
import type {AccountBase} from '../account.js';
import type {LoginBudget} from '../login-budget.js';

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
	/** The server's login budget for this identifier, as the last login answer told it. */
	loginBudget?: LoginBudget;
}
