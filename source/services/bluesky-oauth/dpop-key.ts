/**
 * The per-session DPoP key: ES256 (P-256) from node:crypto. The private JWK is the secret that
 * binds the session's tokens; it is stored with them and never printed. The thumbprint
 * (RFC 7638) is what the server binds the tokens to (`cnf.jkt`) and what the pane may show.
 */
import {type KeyObject, createHash, createPrivateKey, generateKeyPairSync} from 'node:crypto';

export interface DpopPublicJwk {
	kty: 'EC';
	crv: 'P-256';
	x: string;
	y: string;
}

/** A secret: never log, print or put it into a message. */
export interface DpopPrivateJwk extends DpopPublicJwk {
	d: string;
}

export const dpopAlgorithm = 'ES256';

export function generateDpopKey(): DpopPrivateJwk {
	const {privateKey} = generateKeyPairSync('ec', {namedCurve: 'P-256'});
	return privateJwkOf(privateKey);
}

export function publicJwkOf(jwk: DpopPrivateJwk): DpopPublicJwk {
	return {kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y};
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: DpopPublicJwk): string {
	const canonical = JSON.stringify({crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y});
	return createHash('sha256').update(canonical).digest('base64url');
}

/** Checks a stored key's shape (a store may be hand-edited) and gives it back typed. */
export function asDpopPrivateJwk(value: unknown): DpopPrivateJwk | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const jwk = value as Record<string, unknown>;
	const part = (name: string) => typeof jwk[name] === 'string' && /^[\w-]{43}$/.test(jwk[name] as string);
	if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !part('x') || !part('y') || !part('d')) return undefined;
	return {kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string, d: jwk.d as string};
}

/** Importing a JWK costs more than signing with it: one KeyObject per stored key object. */
const keyObjects = new WeakMap<DpopPrivateJwk, KeyObject>();

export function signingKeyOf(jwk: DpopPrivateJwk): KeyObject {
	let key = keyObjects.get(jwk);
	if (key === undefined) {
		key = createPrivateKey({key: {...jwk}, format: 'jwk'});
		keyObjects.set(jwk, key);
	}
	return key;
}

function privateJwkOf(key: KeyObject): DpopPrivateJwk {
	const jwk = key.export({format: 'jwk'});
	const checked = asDpopPrivateJwk(jwk);
	if (checked === undefined) throw new Error('node:crypto exported an unexpected P-256 JWK');
	return checked;
}
