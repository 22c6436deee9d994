/**
 * The stand-in's DPoP side, as the atproto reference server checks it (RFC 9449): the proof's
 * header and signature (ES256 only: what tokentop signs with), iat, jti, htm, htu, the
 * server's nonce and, on resource requests, ath — in the reference server's order and with
 * its error words. Nonces are an HMAC of a rotation counter: the current one is handed out,
 * the one before and the one after are accepted, so a nonce lives for 2–3 rotations.
 */
import {createHmac, createPublicKey, randomBytes, verify} from 'node:crypto';
import {accessTokenHash, htuOf} from '../services/bluesky-oauth/dpop-proof.js';
import {jwkThumbprint} from '../services/bluesky-oauth/dpop-key.js';
import {jsonPartOrUndefined} from '../services/jwt.js';

export class DpopError extends Error {
	constructor(
		readonly error: 'use_dpop_nonce' | 'invalid_dpop_proof',
		description: string,
	) {
		super(description);
	}
}

export interface CheckedProof {
	/** The thumbprint of the proof's key: what tokens are bound to. */
	jkt: string;
}

/** The reference server accepts proofs up to 10 s old, with 3 minutes of clock tolerance. */
const maxProofAgeSeconds = 10;
const clockToleranceSeconds = 180;

export class DpopVerifier {
	private readonly secret = randomBytes(32);
	/** jti → when it may be forgotten (server clock, ms). */
	private readonly seenJtis = new Map<string, number>();

	constructor(
		private readonly now: () => number,
		private readonly rotationMs: number,
	) {}

	/** The nonce to hand out with every answer. */
	currentNonce(): string {
		return this.nonceAt(this.counter());
	}

	/**
	 * Checks the request's DPoP header; null when there is none. `url` is the URL on the
	 * server's public origin; `accessToken` is given on resource requests (ath is then required).
	 */
	check(method: string, url: string, header: string | string[] | undefined, accessToken?: string): CheckedProof | null {
		if (header === undefined) return null;
		if (Array.isArray(header)) throw new DpopError('invalid_dpop_proof', 'DPoP header must contain a single proof');
		if (header === '') throw new DpopError('invalid_dpop_proof', 'DPoP header cannot be empty');
		const {jwk, claims} = this.verifiedProof(header);
		const {jti, htm, htu, nonce, ath} = claims;
		if (nonce !== undefined && typeof nonce !== 'string') throw new DpopError('invalid_dpop_proof', 'Invalid DPoP "nonce" type');
		if (typeof jti !== 'string' || jti === '') throw new DpopError('invalid_dpop_proof', 'DPoP "jti" missing');
		if (htm !== method) throw new DpopError('invalid_dpop_proof', 'DPoP "htm" mismatch');
		if (typeof htu !== 'string' || !sameHtu(htu, url)) throw new DpopError('invalid_dpop_proof', 'DPoP "htu" mismatch');
		if (!nonce) throw new DpopError('use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
		if (!this.acceptsNonce(nonce)) throw new DpopError('use_dpop_nonce', 'DPoP "nonce" mismatch');
		if (accessToken !== undefined) {
			if (ath !== accessTokenHash(accessToken)) throw new DpopError('invalid_dpop_proof', 'DPoP "ath" mismatch');
		} else if (ath !== undefined) {
			throw new DpopError('invalid_dpop_proof', 'DPoP "ath" claim not allowed');
		}
		this.forgetOldJtis();
		if (this.seenJtis.has(jti)) throw new DpopError('invalid_dpop_proof', 'DPoP proof replayed');
		this.seenJtis.set(jti, this.now() + (maxProofAgeSeconds + 2 * clockToleranceSeconds) * 1000);
		return {jkt: jwkThumbprint(jwk)};
	}

	private verifiedProof(proof: string): {jwk: {kty: 'EC'; crv: 'P-256'; x: string; y: string}; claims: Record<string, unknown>} {
		const fail = (why: string) => new DpopError('invalid_dpop_proof', `Failed to verify DPoP proof: ${why}`);
		const parts = proof.split('.');
		if (parts.length !== 3) throw fail('Invalid Compact JWS');
		const header = jsonPartOrUndefined(parts[0]!);
		const claims = jsonPartOrUndefined(parts[1]!);
		if (header === undefined || claims === undefined) throw fail('Invalid Compact JWS');
		if (header.typ !== 'dpop+jwt') throw fail('unexpected "typ" JWT header value');
		if (header.alg !== 'ES256') throw fail('"alg" (Algorithm) Header Parameter value not allowed');
		const jwk = header.jwk as Record<string, unknown> | undefined;
		if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string' || 'd' in jwk) {
			throw fail('"jwk" (JSON Web Key) Header Parameter must be a public key');
		}
		const publicJwk = {kty: 'EC' as const, crv: 'P-256' as const, x: jwk.x, y: jwk.y};
		let valid = false;
		try {
			const key = createPublicKey({key: publicJwk, format: 'jwk'});
			valid = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), {key, dsaEncoding: 'ieee-p1363'}, Buffer.from(parts[2]!, 'base64url'));
		} catch {
			valid = false;
		}
		if (!valid) throw fail('signature verification failed');
		const iat = claims.iat;
		if (typeof iat !== 'number') throw fail('"iat" claim missing');
		const nowSeconds = this.now() / 1000;
		if (iat > nowSeconds + clockToleranceSeconds) throw fail('"iat" claim timestamp check failed (it should be in the past)');
		if (nowSeconds - iat > maxProofAgeSeconds + clockToleranceSeconds) throw fail('"iat" claim timestamp check failed (too far in the past)');
		return {jwk: publicJwk, claims};
	}

	private counter(): number {
		return Math.floor(this.now() / this.rotationMs);
	}

	private nonceAt(counter: number): string {
		return createHmac('sha256', this.secret).update(String(counter)).digest('base64url');
	}

	private acceptsNonce(nonce: string): boolean {
		const counter = this.counter();
		return [counter - 1, counter, counter + 1].some((candidate) => this.nonceAt(candidate) === nonce);
	}

	private forgetOldJtis(): void {
		const now = this.now();
		for (const [jti, until] of this.seenJtis) if (until < now) this.seenJtis.delete(jti);
	}
}

function sameHtu(htu: string, url: string): boolean {
	try {
		return htuOf(htu) === htuOf(url);
	} catch {
		return false;
	}
}

