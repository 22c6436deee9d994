/** PKCE (RFC 7636, S256) and the random `state` of one authorization. All secrets until used. */
import {createHash, randomBytes} from 'node:crypto';

export interface Pkce {
	/** A secret: sent only to the token endpoint, never printed. */
	verifier: string;
	challenge: string;
	method: 'S256';
}

export function createPkce(): Pkce {
	// 32 random bytes give a 43-character verifier, the minimum RFC 7636 allows and servers check.
	const verifier = randomBytes(32).toString('base64url');
	return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url'), method: 'S256'};
}

export function randomState(): string {
	return randomBytes(16).toString('base64url');
}
