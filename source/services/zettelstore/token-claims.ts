/**
 * Reads (never verifies) what a Zettelstore token says about itself, for the detail pane.
 * The returned seconds of the token answer stay the truth for expiry; these claims are only
 * shown. Any input gives claims; unknown formats are 'opaque'.
 *
 * - v0.13 and later: base64url(CLAIM) "." base64url(HMAC-SHA384), CLAIM being the
 *   s-expression (KIND "USER" ISSUED EXPIRES ZID), times in Unix seconds.
 * - up to v0.12: a JWT (HS512) with payload {"_tk":KIND,"exp","iat","sub":USER,"zid":"…"}.
 */
import type {ZettelstoreTokenClaims} from './account.js';
import {decodeJwt} from '../jwt.js';
import {readSexpr, safeIntegerOf, stringOf, type SexprValue} from './sexpr.js';

/** Claims longer than this are not Zettelstore tokens (its own check stops at 1024). */
const maxClaimChars = 4096;
const base64url = /^[A-Za-z0-9_-]+$/;

export function decodeZettelstoreToken(token: string): ZettelstoreTokenClaims {
	try {
		if (typeof token !== 'string') return {format: 'opaque'};
		const parts = token.split('.');
		if (parts.length === 2) return decodeSexprToken(parts[0]!, parts[1]!) ?? {format: 'opaque'};
		if (parts.length === 3) return decodeJwtToken(token) ?? {format: 'opaque'};
	} catch {
		// Never throws: whatever went wrong, the token is just not readable.
	}
	return {format: 'opaque'};
}

function decodeSexprToken(claimPart: string, digestPart: string): ZettelstoreTokenClaims | undefined {
	if (claimPart.length > maxClaimChars || !base64url.test(claimPart) || !base64url.test(digestPart)) return undefined;
	let claim: SexprValue;
	try {
		claim = readSexpr(Buffer.from(claimPart, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	if (claim.type !== 'list' || claim.items.length !== 5) return undefined;
	const items = claim.items;
	// The documented, observed order is (KIND "USER" ISSUED EXPIRES ZID); the first sx
	// versions wrote ("USER" ISSUED EXPIRES ZID KIND). Tell them apart by the first element.
	const [kind, user, issued, expires, zid] =
		items[0]!.type === 'string' ? [items[4], items[0], items[1], items[2], items[3]] : [items[0], items[1], items[2], items[3], items[4]];
	const claims: ZettelstoreTokenClaims = {format: 'sexpr'};
	const kindNumber = safeIntegerOf(kind);
	if (kindNumber !== undefined) claims.kind = kindNumber;
	const userName = stringOf(user);
	if (userName !== undefined) claims.user = userName;
	const issuedAt = epochMs(safeIntegerOf(issued));
	if (issuedAt !== undefined) claims.issuedAt = issuedAt;
	const expiresAt = epochMs(safeIntegerOf(expires));
	if (expiresAt !== undefined) claims.expiresAt = expiresAt;
	const zidText = zidOf(safeIntegerOf(zid));
	if (zidText !== undefined) claims.zid = zidText;
	// A 2-part base64url string whose first part is not such a claim is something else.
	if (claims.user === undefined && claims.issuedAt === undefined && claims.expiresAt === undefined) return undefined;
	return claims;
}

function decodeJwtToken(token: string): ZettelstoreTokenClaims | undefined {
	let payload: Record<string, unknown>;
	try {
		payload = decodeJwt(token).payload;
	} catch {
		return undefined;
	}
	const claims: ZettelstoreTokenClaims = {format: 'jwt'};
	if (typeof payload._tk === 'number' && Number.isSafeInteger(payload._tk)) claims.kind = payload._tk;
	if (typeof payload.sub === 'string') claims.user = payload.sub;
	const issuedAt = epochMs(payload.iat);
	if (issuedAt !== undefined) claims.issuedAt = issuedAt;
	const expiresAt = epochMs(payload.exp);
	if (expiresAt !== undefined) claims.expiresAt = expiresAt;
	if (typeof payload.zid === 'string' && /^\d{14}$/.test(payload.zid)) claims.zid = payload.zid;
	else if (typeof payload.zid === 'number') {
		const zid = zidOf(payload.zid);
		if (zid !== undefined) claims.zid = zid;
	}
	return claims;
}

/** Unix seconds to epoch ms, only for plausible values (a Date can hold them). */
function epochMs(seconds: unknown): number | undefined {
	if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) return undefined;
	const ms = seconds * 1000;
	return Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

/** A zettel id is 14 digits; as an integer its leading zeros are gone. */
function zidOf(value: unknown): string | undefined {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > 99_999_999_999_999) return undefined;
	return String(value).padStart(14, '0');
}
