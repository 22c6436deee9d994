/**
 * The three clocks of an OAuth session (public client, as the atproto reference server counts
 * them): the access token (expires_in), the refresh token (dies after 14 days unused), and the
 * session itself (ends 14 days after the first sign-in; refreshing does not extend it).
 * Computed from local times taken before the server set its own, so they err on the early side.
 */
import {ServiceError} from '../errors.js';
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

export function sessionClocks(tokens: Pick<OAuthTokenSet, 'accessExpiresAt' | 'signedInAt' | 'refreshedAt' | 'sessionLifetimeMs'>): SessionClocks {
	const sessionEndsAt = tokens.signedInAt + (tokens.sessionLifetimeMs ?? publicClientSessionLifetimeMs);
	return {
		// The server checks the session's end only on refresh: an access token lives out its own life.
		accessExpiresAt: tokens.accessExpiresAt,
		refreshExpiresAt: Math.min(tokens.refreshedAt + publicClientRefreshIdleMs, sessionEndsAt),
		sessionEndsAt,
	};
}

/** The session lifetime to keep with a new sign-in: TOKENTOP_OAUTH_SESSION_SECONDS when set to a whole number of seconds. */
export function sessionLifetimeSetting(environment: NodeJS.ProcessEnv = process.env): Pick<OAuthTokenSet, 'sessionLifetimeMs'> {
	const text = environment.TOKENTOP_OAUTH_SESSION_SECONDS;
	if (text === undefined || text === '') return {};
	if (!/^[1-9]\d*$/.test(text)) throw new ServiceError('usage', `TOKENTOP_OAUTH_SESSION_SECONDS must be a whole number of seconds, got ${JSON.stringify(text)}`);
	return {sessionLifetimeMs: Number(text) * 1000};
}
