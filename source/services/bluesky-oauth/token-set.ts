/**
 * The OAuth session tokentop keeps for one account, and how a token answer becomes one.
 * Everything needed to refresh, call the PDS and revoke travels in it, so no call has to
 * resolve the DID again. Holds secrets (tokens, the private DPoP key): the store keeps it
 * 0600 and nothing prints it.
 */
import {ServiceError} from '../errors.js';
import {type HttpAnswer, hostOf} from '../http.js';
import {jsonBodyOf, stringField} from './answers.js';
import {type DpopPrivateJwk} from './dpop-key.js';
import {isDid} from './handle-resolution.js';

export interface OAuthTokenSet {
	/** Opaque by spec: never decoded, its life comes from expires_in. */
	accessToken: string;
	/** Single use: the answer to a refresh carries its successor, which must be stored first. */
	refreshToken: string;
	scope: string;
	/** The account's DID (the token answer's `sub`). */
	sub: string;
	/** The handle, when it was verified at sign-in (display only; the DID is the identity). */
	handle?: string;
	issuer: string;
	/** The loopback client_id of the sign-in; refresh and revoke must send the same one. */
	clientId: string;
	tokenEndpoint: string;
	revocationEndpoint?: string;
	/** The account's PDS, where resource requests go. */
	pdsUrl: string;
	/** The key the tokens are bound to. A secret. */
	dpopKey: DpopPrivateJwk;
	/** Local time of the first sign-in (epoch ms, taken before the code was sent): the session's start. */
	signedInAt: number;
	/**
	 * How long the server keeps a session after the sign-in, when not the public client's 14 days:
	 * TOKENTOP_OAUTH_SESSION_SECONDS at sign-in (a server configured otherwise; the demo's 10 minutes).
	 */
	sessionLifetimeMs?: number;
	/** Local time the current refresh token was asked for (sign-in or last refresh): its idle clock. */
	refreshedAt: number;
	/** Local receive time + expires_in. */
	accessExpiresAt: number;
}

export interface TokenAnswer {
	accessToken: string;
	refreshToken: string;
	scope: string;
	sub: string;
	accessExpiresAt: number;
}

/** The tokens of a 200 answer from the token endpoint, checked: DPoP-bound, for a DID, with atproto scope. */
export function readTokenAnswer(answer: HttpAnswer, tokenEndpoint: string): TokenAnswer {
	const host = hostOf(tokenEndpoint);
	const body = jsonBodyOf(answer, host, 'a token answer');
	const what = 'a token answer';
	const tokenType = stringField(body, 'token_type', host, what);
	// A Bearer answer would mean the server ignored our DPoP key: such tokens are not what we asked for.
	if (tokenType.toLowerCase() !== 'dpop') throw new ServiceError('bad-answer', `${host} issued ${tokenType} tokens, not DPoP-bound ones`);
	const sub = stringField(body, 'sub', host, what);
	if (!isDid(sub)) throw new ServiceError('bad-answer', `${host} sent a token answer whose sub is not a DID`);
	const scope = stringField(body, 'scope', host, what);
	if (!scope.split(' ').includes('atproto')) throw new ServiceError('bad-answer', `${host} granted no atproto scope (got "${scope}")`);
	const expiresIn = body.expires_in;
	if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0) {
		throw new ServiceError('bad-answer', `${host} sent a token answer without a usable expires_in`);
	}
	return {
		accessToken: stringField(body, 'access_token', host, what),
		refreshToken: stringField(body, 'refresh_token', host, what),
		scope,
		sub,
		accessExpiresAt: answer.receivedAt + expiresIn * 1000,
	};
}
