/**
 * DPoP proofs (RFC 9449): a fresh ES256-signed JWT per request, naming the method and the URL
 * (without query or fragment, on the server's public origin), a unique jti, the server's
 * newest nonce when it gave one, and on resource requests the access token's hash (ath).
 */
import {createHash, randomBytes, sign} from 'node:crypto';
import {type DpopPrivateJwk, dpopAlgorithm, publicJwkOf, signingKeyOf} from './dpop-key.js';

export interface ProofRequest {
	method: string;
	url: string;
	nonce?: string;
	/** Only on resource requests: binds the proof to this token (ath claim). */
	accessToken?: string;
}

export function createDpopProof(key: DpopPrivateJwk, request: ProofRequest, now = Date.now()): string {
	const header = {typ: 'dpop+jwt', alg: dpopAlgorithm, jwk: publicJwkOf(key)};
	const claims = {
		jti: randomBytes(16).toString('base64url'),
		htm: request.method.toUpperCase(),
		htu: htuOf(request.url),
		iat: Math.floor(now / 1000),
		...(request.nonce === undefined ? {} : {nonce: request.nonce}),
		...(request.accessToken === undefined ? {} : {ath: accessTokenHash(request.accessToken)}),
	};
	const input = `${base64urlJson(header)}.${base64urlJson(claims)}`;
	// JWS wants the raw r||s form, not DER.
	const signature = sign('sha256', Buffer.from(input), {key: signingKeyOf(key), dsaEncoding: 'ieee-p1363'});
	return `${input}.${signature.toString('base64url')}`;
}

/** The htu claim: origin and path, no query, no fragment. */
export function htuOf(url: string): string {
	const parsed = new URL(url);
	return `${parsed.origin}${parsed.pathname}`;
}

export function accessTokenHash(accessToken: string): string {
	return createHash('sha256').update(accessToken).digest('base64url');
}

function base64urlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}
