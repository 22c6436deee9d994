/**
 * A Bluesky OAuth session as the store keeps it: the whole token set (with the private DPoP key:
 * a secret, the store is 0600 and nothing prints it) and the newest DPoP-Nonce per server, so a
 * one-shot process starts with a nonce instead of a refused request.
 */
import type {AccountBase} from '../account.js';
import type {IdentityDrift} from '../kind.js';
import {type NonceRecord} from './nonce-book.js';
import {type OAuthTokenSet} from './token-set.js';

export interface BlueskyOAuthAccount extends AccountBase {
	service: 'bluesky-oauth';
	/** The handle at sign-in, then as the account's server says at each identity check (display only: the DID is the identity). */
	handle: string;
	did: string;
	/** Local time the current access token was asked for (its lifetime fraction). */
	accessIssuedAt: number;
	tokens: OAuthTokenSet;
	nonces: NonceRecord;
	/** The last identity check (see identity-drift.ts); the sign-in counts as one. */
	identityCheckedAt?: number;
	/** What the last identity check found wrong (moved, deactivated); kept while the account needs a login. */
	identityDrift?: IdentityDrift;
}
