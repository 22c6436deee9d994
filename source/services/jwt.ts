/**
 * Decodes (never verifies) a JWT: the client only reads its claims for display and for the
 * issued/expiry fallback. Any input gives a value or a JwtDecodeError, nothing else.
 */

export class JwtDecodeError extends Error {
	override readonly name = 'JwtDecodeError';
}

export interface DecodedJwt {
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
}

export interface StandardClaims {
	/** Seconds since the epoch. */
	iat?: number;
	exp?: number;
	sub?: string;
	aud?: string;
	scope?: string;
	jti?: string;
}

export function decodeBase64Url(part: string): string {
	if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new JwtDecodeError('not base64url');
	return Buffer.from(part, 'base64url').toString('utf8');
}

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
	let value: unknown;
	try {
		value = JSON.parse(decodeBase64Url(part));
	} catch {
		throw new JwtDecodeError(`JWT ${what} is not base64url JSON`);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new JwtDecodeError(`JWT ${what} is not a JSON object`);
	}
	return value as Record<string, unknown>;
}

/** A JWT part's JSON object, or undefined when it is none (for the stand-ins, which refuse such a token as a whole). */
export function jsonPartOrUndefined(part: string): Record<string, unknown> | undefined {
	try {
		return decodeJsonPart(part, 'part');
	} catch {
		return undefined;
	}
}

export function decodeJwt(token: string): DecodedJwt {
	if (typeof token !== 'string') throw new JwtDecodeError('JWT is not a string');
	const parts = token.split('.');
	if (parts.length !== 3) throw new JwtDecodeError(`JWT has ${parts.length} parts, expected 3`);
	return {header: decodeJsonPart(parts[0]!, 'header'), payload: decodeJsonPart(parts[1]!, 'payload')};
}

/** The registered claims we use, type-checked; wrong types are dropped, not trusted. */
export function standardClaims(payload: Record<string, unknown>): StandardClaims {
	const claims: StandardClaims = {};
	for (const key of ['iat', 'exp'] as const) {
		const value = payload[key];
		if (typeof value === 'number' && Number.isFinite(value)) claims[key] = value;
	}
	for (const key of ['sub', 'aud', 'scope', 'jti'] as const) {
		const value = payload[key];
		if (typeof value === 'string') claims[key] = value;
	}
	return claims;
}
