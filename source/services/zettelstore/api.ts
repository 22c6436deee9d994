/**
 * The Zettelstore API client: log in (POST /a), renew (PUT /a), read the server version
 * (GET /x). Answers are read by their Content-Type: s-expressions (v0.12+) or JSON (before).
 * Every failure is a ServiceError whose message names the host, never a token or password.
 */
import {STATUS_CODES} from 'node:http';
import type {ZettelstoreTokenClaims} from './account.js';
import {ServiceError} from '../errors.js';
import {hostOf, httpRequest, type HttpAnswer} from '../http.js';
import {type LoginBudget, loginBudgetOf} from '../login-budget.js';
import {describeSexpr, readSexpr, SexprParseError, stringOf, type SexprValue} from './sexpr.js';
import {decodeZettelstoreToken} from './token-claims.js';

/** The token a server with authentication disabled hands out to everyone. */
export const freeAccessToken = 'freeaccess';

/** A token answer as read from the body, before the receive time is known. */
export interface ParsedTokenAnswer {
	token: string;
	/** Remaining lifetime in seconds, as the server reported it. */
	lifetimeSeconds: number;
	/** Authentication is disabled on the server: nothing to renew, ever. */
	freeAccess: boolean;
	era: 'sexpr' | 'json';
	claims: ZettelstoreTokenClaims;
}

export interface ZettelstoreTokenAnswer extends ParsedTokenAnswer {
	/** Local time the answer arrived. */
	receivedAt: number;
	/** receivedAt + lifetimeSeconds * 1000: never the token's own expiry against the local clock. */
	expiresAt: number;
	/** A login answer's ratelimit-* headers (Zettelstore sends none; a proxy in front of it may). */
	loginBudget?: LoginBudget;
}

/** Logs in with user and password (HTTP Basic). */
export async function authenticate(baseUrl: string, user: string, password: string): Promise<ZettelstoreTokenAnswer> {
	const basic = Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
	const answer = await httpRequest(authUrl(baseUrl), {method: 'POST', headers: {authorization: `Basic ${basic}`}});
	if (answer.status === 401) {
		throw new ServiceError('bad-credentials', `Zettelstore at ${hostOf(baseUrl)} rejected user ${user}: wrong user or password`, {status: 401});
	}
	const loginBudget = loginBudgetOf(answer.headers, answer.receivedAt);
	return {...tokenAnswer(baseUrl, answer, 'login'), ...(loginBudget ? {loginBudget} : {})};
}

/** Renews a token. A 400 means the token is no longer accepted: only a new login helps. */
export async function renew(baseUrl: string, token: string): Promise<ZettelstoreTokenAnswer> {
	const answer = await httpRequest(authUrl(baseUrl), {method: 'PUT', headers: {authorization: `Bearer ${token}`}});
	if (answer.status === 400) {
		throw new ServiceError('needs-login', `token no longer accepted by ${hostOf(baseUrl)}: log in again`, {status: 400});
	}
	return tokenAnswer(baseUrl, answer, 'renewal');
}

/** The server's version, e.g. "2.1.0" or "0.4"; undefined when it cannot be had (it is optional). */
export async function fetchServerVersion(baseUrl: string, timeoutMs = 5000): Promise<string | undefined> {
	try {
		const answer = await httpRequest(`${trimSlash(baseUrl)}/x`, {method: 'GET', timeoutMs});
		if (answer.status !== 200) return undefined;
		return parseServerVersion(answer.contentType, answer.body);
	} catch {
		return undefined;
	}
}

/** Pure: reads a GET /x answer. `(2 1 0 "" "hash")` → "2.1.0", `{"major":0,"minor":4,…}` → "0.4". */
export function parseServerVersion(contentType: string, body: string): string | undefined {
	const media = mediaTypeOf(contentType);
	if (isJsonMedia(media)) {
		let value: unknown;
		try {
			value = JSON.parse(body);
		} catch {
			return undefined;
		}
		if (typeof value !== 'object' || value === null) return undefined;
		const {major, minor, patch, info} = value as Record<string, unknown>;
		if (!isVersionNumber(major) || !isVersionNumber(minor)) return undefined;
		const base = isVersionNumber(patch) && patch > 0 ? `${major}.${minor}.${patch}` : `${major}.${minor}`;
		return withInfo(base, info);
	}
	if (media === 'text/plain' && body.trimStart().startsWith('(')) {
		let value: SexprValue;
		try {
			value = readSexpr(body);
		} catch {
			return undefined;
		}
		if (value.type !== 'list') return undefined;
		const numbers = value.items.slice(0, 3).map(item => (item.type === 'integer' ? item.value : undefined));
		if (numbers.length < 2 || !numbers.every(number => typeof number === 'number' && number >= 0)) return undefined;
		return withInfo(numbers.join('.'), stringOf(value.items[3]));
	}
	return undefined;
}

function isVersionNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Pre-release info like "dev" becomes "2.1.0-dev"; the build hash is left out. */
function withInfo(base: string, info: unknown): string {
	return typeof info === 'string' && /^[\w.-]{1,40}$/.test(info) ? `${base}-${info}` : base;
}

function tokenAnswer(baseUrl: string, answer: HttpAnswer, what: 'login' | 'renewal'): ZettelstoreTokenAnswer {
	const host = hostOf(baseUrl);
	const {status} = answer;
	if (status === 200) {
		let parsed: ParsedTokenAnswer;
		try {
			parsed = parseTokenAnswer(answer.contentType, answer.body);
		} catch (error) {
			if (error instanceof ServiceError) throw new ServiceError(error.kind, `${host}: ${error.message}`, {status});
			throw error;
		}
		return {...parsed, receivedAt: answer.receivedAt, expiresAt: answer.receivedAt + parsed.lifetimeSeconds * 1000};
	}
	throw statusError(host, answer, what);
}

function statusError(host: string, answer: HttpAnswer, what: 'login' | 'renewal'): ServiceError {
	const {status} = answer;
	const statusText = `${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''}`;
	if (status >= 300 && status < 400) {
		const location = headerOf(answer, 'location');
		return new ServiceError('server', `${host} redirected the ${what} to ${location ? describeLocation(location) : 'somewhere'} (${status}); not followed: check the URL`, {status});
	}
	if (status === 429) {
		const resetSeconds = Number(headerOf(answer, 'ratelimit-reset'));
		const resetAt = retryAfter(headerOf(answer, 'retry-after'), answer.receivedAt) ?? (resetSeconds > 0 ? resetSeconds * 1000 : undefined);
		const when = resetAt === undefined ? 'later' : `after ${new Date(resetAt).toTimeString().slice(0, 8)}`;
		return new ServiceError('rate-limited', `${host} is rate limiting (${statusText}); try again ${when}`, {status, ...(resetAt === undefined ? {} : {resetAt})});
	}
	if (status >= 500) return new ServiceError('server', `${host} failed the ${what}: ${statusText}`, {status});
	if (status >= 200 && status < 300) return new ServiceError('bad-answer', `${host} answered the ${what} with ${statusText}, expected 200`, {status});
	return new ServiceError('server', `${host} refused the ${what}: ${statusText}`, {status});
}

function headerOf(answer: HttpAnswer, name: string): string | undefined {
	const value = answer.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** A redirect target without any query or user info (they might carry secrets). */
function describeLocation(location: string): string {
	try {
		const url = new URL(location, 'http://relative.invalid');
		if (url.host === 'relative.invalid') return url.pathname;
		return `${url.protocol}//${url.host}${url.pathname}`;
	} catch {
		return 'an unreadable location';
	}
}

/** Retry-After as seconds or an HTTP date, in epoch ms. */
function retryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	if (/^\d+$/.test(value.trim())) return now + Number(value.trim()) * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : date;
}

/**
 * Pure: reads a 200 answer of POST/PUT /a by its Content-Type.
 * text/plain `("Bearer" "TOKEN" SECONDS)`, or application/json
 * `{"token"|"access_token":…,"token_type":"Bearer","expires_in":N}`.
 * Throws ServiceError('bad-answer') naming what was wrong, never the token.
 */
export function parseTokenAnswer(contentType: string, body: string): ParsedTokenAnswer {
	const media = mediaTypeOf(contentType);
	if (media === 'text/plain') {
		if (!body.trimStart().startsWith('(')) throw badAnswer('answer is text/plain but not an s-expression (does not start with "(")');
		return parseSexprAnswer(body);
	}
	if (isJsonMedia(media)) return parseJsonAnswer(body);
	throw badAnswer(media ? `unexpected content type ${media}` : 'answer has no content type');
}

function parseSexprAnswer(body: string): ParsedTokenAnswer {
	let value: SexprValue;
	try {
		value = readSexpr(body);
	} catch (error) {
		if (error instanceof SexprParseError) throw badAnswer(`answer is not an s-expression: ${error.message}`);
		throw error;
	}
	const shape = 'expected ("Bearer" TOKEN SECONDS)';
	if (value.type !== 'list' || value.items.length !== 3) throw badAnswer(`${shape}, got ${describeSexpr(value)}`);
	const [scheme, token, seconds] = value.items as [SexprValue, SexprValue, SexprValue];
	// Never echo the strings: if the order is wrong, one of them is the token.
	if (scheme.type !== 'string' || scheme.value.toLowerCase() !== 'bearer') {
		throw badAnswer(`${shape}, but the first element is ${scheme.type === 'string' ? 'another string' : describeSexpr(scheme)}`);
	}
	if (token.type !== 'string') throw badAnswer(`${shape}, but the token is ${describeSexpr(token)}`);
	if (seconds.type !== 'integer') throw badAnswer(`${shape}, but the seconds are ${describeSexpr(seconds)}`);
	return checkedAnswer(token.value, seconds.value, 'sexpr');
}

function parseJsonAnswer(body: string): ParsedTokenAnswer {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		// JSON.parse's own message quotes the text, which may hold the token.
		throw badAnswer('answer is not valid JSON');
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw badAnswer(`expected a JSON object with a token, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`);
	}
	const record = value as Record<string, unknown>;
	const token = record.token ?? record.access_token;
	if (token === undefined) throw badAnswer('JSON answer has neither "token" nor "access_token"');
	if (typeof token !== 'string') throw badAnswer(`JSON answer's token is a ${token === null ? 'null' : typeof token}, expected a string`);
	if (record.token_type !== undefined && (typeof record.token_type !== 'string' || record.token_type.toLowerCase() !== 'bearer')) {
		throw badAnswer('JSON answer\'s token_type is not "Bearer"');
	}
	const seconds = record.expires_in;
	if (typeof seconds !== 'number') {
		throw badAnswer(seconds === undefined ? 'JSON answer has no "expires_in"' : `JSON answer's expires_in is a ${seconds === null ? 'null' : typeof seconds}, expected a number`);
	}
	return checkedAnswer(token, seconds, 'json');
}

function checkedAnswer(token: string, seconds: number | bigint, era: 'sexpr' | 'json'): ParsedTokenAnswer {
	if (token === '') throw badAnswer('the token is empty');
	// The token goes back into an Authorization header: it must be plain visible ASCII.
	if (!/^[\x21-\x7e]+$/.test(token)) throw badAnswer('the token contains spaces or characters not allowed in a header');
	if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) throw badAnswer('the lifetime is not a whole number of seconds in range');
	if (seconds < 0) throw badAnswer(`the lifetime is ${seconds} seconds, expected 0 or more`);
	const freeAccess = token === freeAccessToken;
	return {
		token,
		lifetimeSeconds: seconds,
		freeAccess,
		era,
		claims: freeAccess ? {format: 'opaque'} : decodeZettelstoreToken(token),
	};
}

function badAnswer(message: string): ServiceError {
	return new ServiceError('bad-answer', message);
}

/** "Text/Plain; charset=utf-8" → "text/plain". */
function mediaTypeOf(contentType: string): string {
	return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function isJsonMedia(media: string): boolean {
	return media === 'application/json' || /^application\/[\w.-]+\+json$/.test(media);
}

function trimSlash(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '');
}

function authUrl(baseUrl: string): string {
	return `${trimSlash(baseUrl)}/a`;
}
