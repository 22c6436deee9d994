/**
 * The three clocks of an OAuth session (public client, as the atproto reference server counts
 * them): the access token (expires_in), the refresh token (dies after 14 days unused), and the
 * session itself (ends 14 days after the first sign-in; refreshing does not extend it).
 * Computed from local times taken before the server set its own, so they err on the early side.
 */
import {type OAuthTokenSet} from './token-set.js';

const day = 24 * 60 * 60 * 1000;
export const publicClientSessionLifetimeMs = 14 * day;
export const publicClientRefreshIdleMs = 14 * day;

export interface SessionClocks {
	accessExpiresAt: number;
	/** The earlier of the refresh token's idle end and the session end. */
	refreshExpiresAt: number;
	sessionEndsAt: number;
}

export function sessionClocks(tokens: Pick<OAuthTokenSet, 'accessExpiresAt' | 'signedInAt' | 'refreshedAt'>): SessionClocks {
	const sessionEndsAt = tokens.signedInAt + publicClientSessionLifetimeMs;
	return {
		// The server checks the session's end only on refresh: an access token lives out its own life.
		accessExpiresAt: tokens.accessExpiresAt,
		refreshExpiresAt: Math.min(tokens.refreshedAt + publicClientRefreshIdleMs, sessionEndsAt),
		sessionEndsAt,
	};
}
