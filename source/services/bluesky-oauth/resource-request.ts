/**
 * Requests to the account's PDS with a DPoP-bound token: `Authorization: DPoP <token>` and a
 * fresh proof per request carrying the token's hash (ath) and the PDS's newest nonce. A
 * resource server refuses a missing or stale nonce with 401 + `WWW-Authenticate: DPoP
 * error="use_dpop_nonce"`: that refusal is retried once. A refused access token (expired,
 * revoked: error="invalid_token") is reported so the caller can refresh under its lock and
 * try once more (`requestWithRefresh`).
 */
import {ServiceError} from '../errors.js';
import {hostOf, isInsecureUrl} from '../http-rules.js';
import {type HttpAnswer} from '../http.js';
import {leanHttpRequest} from '../lean-http.js';
import {headerValue} from './answers.js';
import {createDpopProof} from './dpop-proof.js';
import {type NonceBook} from './nonce-book.js';
import {type OAuthTokenSet} from './token-set.js';

export interface ResourceRequest {
	method: string;
	/** An absolute URL, or a path (`/xrpc/…`) on the account's PDS. */
	url: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export interface ResourceAnswer extends HttpAnswer {
	/** The server refused the access token itself (expired, revoked): refresh, then try once more. */
	tokenRejected?: {error: string; description?: string};
}

export type SessionTokens = Pick<OAuthTokenSet, 'accessToken' | 'dpopKey' | 'pdsUrl'>;

/** The two headers for exactly one request (e.g. for `curl -H @-`): a proof is single use. */
export function headersFor(tokens: SessionTokens, nonces: NonceBook, method: string, url: string): {authorization: string; dpop: string} {
	const absolute = resolveUrl(tokens, url);
	const nonce = nonces.nonceFor(absolute);
	const proof = createDpopProof(tokens.dpopKey, {method, url: absolute, accessToken: tokens.accessToken, ...(nonce === undefined ? {} : {nonce})});
	return {authorization: `DPoP ${tokens.accessToken}`, dpop: proof};
}

export async function dpopRequest(tokens: SessionTokens, nonces: NonceBook, request: ResourceRequest): Promise<ResourceAnswer> {
	const url = resolveUrl(tokens, request.url);
	const send = () =>
		// On node:http: `fetch` with a valid token makes this one request, and got would cost more to load.
		leanHttpRequest(url, {
			method: request.method.toUpperCase(),
			headers: {...request.headers, ...headersFor(tokens, nonces, request.method, url)},
			...(request.body === undefined ? {} : {body: request.body}),
		});
	const used = nonces.nonceFor(url);
	let answer = await send();
	const offered = nonces.remember(url, answer.headers, answer.receivedAt);
	// Refused before the request was looked at: sending it again, once, with the nonce it named is safe.
	if (answer.status === 401 && dpopChallengeOf(answer).error === 'use_dpop_nonce' && offered !== undefined && offered !== used) {
		answer = await send();
		nonces.remember(url, answer.headers, answer.receivedAt);
	}
	const challenge = answer.status === 401 ? dpopChallengeOf(answer) : {};
	if (challenge.error === 'invalid_token') {
		return {...answer, tokenRejected: {error: challenge.error, ...(challenge.description === undefined ? {} : {description: challenge.description})}};
	}
	return answer;
}

/**
 * A request that survives an access token refused in between: `refresh` is the caller's
 * locked refresh (re-read, refresh, persist) and gives the token set to use from now on.
 */
export async function requestWithRefresh<T extends SessionTokens>(
	tokens: T,
	nonces: NonceBook,
	request: ResourceRequest,
	refresh: (refused: T) => Promise<T>,
): Promise<{answer: ResourceAnswer; tokens: T}> {
	const answer = await dpopRequest(tokens, nonces, request);
	if (answer.tokenRejected === undefined) return {answer, tokens};
	const fresh = await refresh(tokens);
	return {answer: await dpopRequest(fresh, nonces, request), tokens: fresh};
}

/** The DPoP challenge's error and description from WWW-Authenticate (RFC 9449 §7.1). */
export function dpopChallengeOf(answer: HttpAnswer): {error?: string; description?: string} {
	const header = headerValue(answer.headers, 'www-authenticate') ?? '';
	const dpop = /(?:^|,\s*)DPoP\b(.*)$/i.exec(header)?.[1] ?? '';
	const params = new Map<string, string>();
	for (const match of dpop.matchAll(/(\w+)="([^"]*)"/g)) if (!params.has(match[1]!)) params.set(match[1]!, match[2]!);
	return {
		...(params.has('error') ? {error: params.get('error')} : {}),
		...(params.has('error_description') ? {description: params.get('error_description')} : {}),
	};
}

/**
 * Makes sure the book holds a nonce the PDS still accepts, so that `headersFor` gives headers
 * that work the first time: one signed getSession when the book has none that is fresh.
 */
export async function ensureFreshNonce(tokens: SessionTokens, nonces: NonceBook, url = tokens.pdsUrl): Promise<void> {
	if (nonces.hasFreshNonce(resolveUrl(tokens, url))) return;
	await dpopRequest(tokens, nonces, {method: 'GET', url: new URL('/xrpc/com.atproto.server.getSession', resolveUrl(tokens, url)).href});
}

function resolveUrl(tokens: SessionTokens, url: string): string {
	const absolute = /^https?:\/\//i.test(url) ? url : new URL(url, `${tokens.pdsUrl.replace(/\/+$/, '')}/`).href;
	// The token and its proof go over https, or plain http to this machine only.
	if (isInsecureUrl(absolute)) throw new ServiceError('refused', `Refusing to send the session's token over plain http to ${hostOf(absolute)}`);
	return absolute;
}
