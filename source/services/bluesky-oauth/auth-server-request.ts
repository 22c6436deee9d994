/**
 * One DPoP-signed form POST to the authorization server (PAR, token, revoke). The first
 * request to a server is refused for want of a nonce (400 use_dpop_nonce with a DPoP-Nonce
 * header): that one refusal, and only it, is retried with the new nonce. Nothing else is
 * retried: a refresh sent twice is a replay, and a replay ends the session.
 */
import {type HttpAnswer, httpRequest} from '../http.js';
import {parseJsonObject} from './answers.js';
import {type DpopPrivateJwk} from './dpop-key.js';
import {createDpopProof} from './dpop-proof.js';
import {type NonceBook} from './nonce-book.js';

export interface OAuthErrorBody {
	error?: string;
	description?: string;
}

export async function postToAuthServer(url: string, form: Record<string, string>, key: DpopPrivateJwk, nonces: NonceBook): Promise<HttpAnswer> {
	const send = (nonce: string | undefined) => {
		const proof = createDpopProof(key, {method: 'POST', url, ...(nonce === undefined ? {} : {nonce})});
		return httpRequest(url, {method: 'POST', form, headers: {accept: 'application/json', dpop: proof}});
	};
	const used = nonces.nonceFor(url);
	const answer = await send(used);
	const offered = nonces.remember(url, answer.headers, answer.receivedAt);
	// Refused before the server looked at the grant: safe to send again, once, with the nonce it named.
	if (answer.status === 400 && oauthErrorOf(answer).error === 'use_dpop_nonce' && offered !== undefined && offered !== used) {
		const second = await send(offered);
		nonces.remember(url, second.headers, second.receivedAt);
		return second;
	}
	return answer;
}

/** The `error` and `error_description` of an OAuth error answer (RFC 6749 §5.2), when it is one. */
export function oauthErrorOf(answer: HttpAnswer): OAuthErrorBody {
	const body = parseJsonObject(answer.body);
	if (body === undefined) return {};
	return {
		...(typeof body.error === 'string' ? {error: body.error} : {}),
		...(typeof body.error_description === 'string' ? {description: body.error_description} : {}),
	};
}
