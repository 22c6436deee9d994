/**
 * The four Bluesky (AT Protocol XRPC) session calls tokentop needs: log in, refresh, check,
 * log out. Answers become typed results; failures become ServiceErrors by the body's `error`
 * name (token errors are HTTP 400, not 401). Messages name the host and never a secret.
 */
import {ServiceError} from '../errors.js';
import {type HttpAnswer, type HttpRequest, hostOf, httpRequest, isInsecureUrl} from '../http.js';
import {JwtDecodeError, decodeJwt, standardClaims} from '../jwt.js';
import {type LoginBudget, loginBudgetOf} from '../login-budget.js';
import {xrpcErrorOf} from './xrpc-error.js';

export interface BlueskyLogin {
	/** Handle, email or DID. */
	identifier: string;
	/** Account password or app password (with its dashes). */
	password: string;
	/** The sign-in code the server emailed after an 'auth-factor-required' failure. */
	authFactorToken?: string;
}

export interface BlueskySession {
	accessJwt: string;
	refreshJwt: string;
	did: string;
	handle: string;
	/** The account's own PDS from the didDoc's #atproto_pds service; later calls go there. */
	pdsUrl?: string;
	email?: string;
	/** False when the server no longer serves the account (deactivated after a move, taken down): see `status`. */
	active?: boolean;
	/** Why the account is not active: deactivated, takendown, suspended… */
	status?: string;
	/** The access token's scope claim, e.g. com.atproto.access or com.atproto.appPass. */
	scope?: string;
	/** Local time the answer arrived (epoch ms). */
	receivedAt: number;
	accessIssuedAt: number;
	accessExpiresAt: number;
	refreshExpiresAt: number;
	/** What the login answer's ratelimit-* headers said is left of the login budget (createSession only). */
	loginBudget?: LoginBudget;
}

export interface BlueskySessionInfo {
	did: string;
	handle: string;
	email?: string;
	active?: boolean;
	status?: string;
}

/** Lifetimes the PDS uses; only for tokens whose claims do not say. */
export const defaultAccessLifetimeMs = 2 * 60 * 60 * 1000;
export const defaultRefreshLifetimeMs = 90 * 24 * 60 * 60 * 1000;

const nsid = {
	createSession: 'com.atproto.server.createSession',
	refreshSession: 'com.atproto.server.refreshSession',
	getSession: 'com.atproto.server.getSession',
	deleteSession: 'com.atproto.server.deleteSession',
} as const;

/** Whether a call logs in with a password or presents a token: the same error name means different things. */
type CallKind = 'login' | 'token';

export async function createSession(serviceUrl: string, login: BlueskyLogin): Promise<BlueskySession> {
	const body: Record<string, string> = {identifier: login.identifier, password: login.password};
	if (login.authFactorToken !== undefined) body.authFactorToken = login.authFactorToken;
	const secrets = [login.password, login.authFactorToken];
	const answer = await call(serviceUrl, nsid.createSession, {method: 'POST', json: body}, 'login', secrets, {
		withAuthFactor: login.authFactorToken !== undefined,
	});
	const loginBudget = loginBudgetOf(answer.headers, answer.receivedAt);
	return {...sessionFrom(answer, hostOf(serviceUrl)), ...(loginBudget ? {loginBudget} : {})};
}

/** Rotates the session: the answer carries a new refresh token, which must be stored at once. */
export async function refreshSession(serviceUrl: string, refreshJwt: string): Promise<BlueskySession> {
	// No body at all: the PDS refuses any body on this call, even `{}`.
	const answer = await call(serviceUrl, nsid.refreshSession, {method: 'POST', headers: bearer(refreshJwt)}, 'token', [refreshJwt]);
	return sessionFrom(answer, hostOf(serviceUrl));
}

export async function getSession(serviceUrl: string, accessJwt: string): Promise<BlueskySessionInfo> {
	const answer = await call(serviceUrl, nsid.getSession, {method: 'GET', headers: bearer(accessJwt)}, 'token', [accessJwt]);
	const host = hostOf(serviceUrl);
	const body = jsonObjectOf(answer, host);
	return {
		did: requiredString(body, 'did', host),
		handle: requiredString(body, 'handle', host),
		...optionalFields(body),
	};
}

/** Ends the session of this refresh token on the server. The access token stays valid until it expires. */
export async function deleteSession(serviceUrl: string, refreshJwt: string): Promise<void> {
	await call(serviceUrl, nsid.deleteSession, {method: 'POST', headers: bearer(refreshJwt)}, 'token', [refreshJwt]);
}

function bearer(token: string): Record<string, string> {
	return {authorization: `Bearer ${token}`};
}

async function call(
	serviceUrl: string,
	method: string,
	request: HttpRequest,
	kind: CallKind,
	secrets: Array<string | undefined>,
	context: {withAuthFactor?: boolean} = {},
): Promise<HttpAnswer> {
	const url = `${serviceUrl.replace(/\/+$/, '')}/xrpc/${method}`;
	const answer = await httpRequest(url, {...request, headers: {accept: 'application/json', ...request.headers}});
	if (answer.status >= 200 && answer.status < 300) return answer;
	throw failureOf(answer, hostOf(serviceUrl), kind, secrets, context.withAuthFactor ?? false);
}

function failureOf(answer: HttpAnswer, host: string, kind: CallKind, secrets: Array<string | undefined>, withAuthFactor: boolean): ServiceError {
	const {status} = answer;
	const {name, message} = xrpcErrorOf(answer.body);
	const details = {status, ...(name === undefined ? {} : {errorName: name})};
	const said = message === undefined ? '' : `: ${oneLine(message, secrets)}`;
	const named = name === undefined ? `HTTP ${status}` : `${name}${said}`;

	if (status === 429 || name === 'RateLimitExceeded') return rateLimited(answer, host, details);
	if (name === 'AuthFactorTokenRequired') {
		return new ServiceError('auth-factor-required', `${host} sent a sign-in code to your email: pass it with --auth-factor, or enter it when asked`, details);
	}
	if (name === 'AccountTakedown') return new ServiceError('account-takedown', `${host}: this account has been taken down`, details);
	if (status >= 500) return new ServiceError('server', `${host} failed (${named})`, details);

	if (kind === 'login') {
		if ((name === 'InvalidToken' || name === 'ExpiredToken') && withAuthFactor) {
			return new ServiceError('auth-factor-required', `${host} did not accept the sign-in code: use the latest code from your email`, details);
		}
		if (status === 401) return new ServiceError('bad-credentials', `${host}: wrong identifier or password`, details);
	} else if (name === 'ExpiredToken' || name === 'InvalidToken' || (status === 401 && (name === 'AuthMissing' || name === undefined))) {
		return new ServiceError('needs-login', `${host} no longer accepts this session (${named}): log in again`, details);
	}
	if (name === undefined) {
		return new ServiceError('server', `${host} answered HTTP ${status} without an XRPC error (not an AT Protocol server?)`, details);
	}
	return new ServiceError('server', `${host} refused the request (HTTP ${status} ${named})`, details);
}

function rateLimited(answer: HttpAnswer, host: string, details: {status: number; errorName?: string}): ServiceError {
	const header = answer.headers['ratelimit-reset'];
	const seconds = Number(Array.isArray(header) ? header[0] : header);
	if (header === undefined || !Number.isFinite(seconds) || seconds <= 0) {
		return new ServiceError('rate-limited', `${host} is rate-limiting requests: try again later`, details);
	}
	const resetAt = seconds * 1000;
	return new ServiceError('rate-limited', `${host} is rate-limiting requests: try again after ${clockTime(resetAt)}`, {...details, resetAt});
}

/** Local HH:MM:SS, enough for a limit that resets within a day. */
function clockTime(epochMs: number): string {
	const date = new Date(epochMs);
	return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** A server's message, made fit for a one-line status: no line breaks, bounded, no secret we sent. */
function oneLine(text: string, secrets: Array<string | undefined>): string {
	// Whitespace becomes one space; other control characters (ESC of colour codes…) never reach the terminal.
	let clean = text
		.replace(/\s+/g, ' ')
		// eslint-disable-next-line no-control-regex -- matching control characters is the point
		.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
		.trim();
	for (const secret of secrets) {
		if (secret) clean = clean.split(secret).join('…');
	}
	// A JWT-looking run is never shown, whoever's it is.
	clean = clean.replace(/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '…');
	return clean.length > 160 ? `${clean.slice(0, 159)}…` : clean;
}

function sessionFrom(answer: HttpAnswer, host: string): BlueskySession {
	const body = jsonObjectOf(answer, host);
	const accessJwt = requiredString(body, 'accessJwt', host);
	const refreshJwt = requiredString(body, 'refreshJwt', host);
	const did = requiredString(body, 'did', host);
	const serverNow = serverTimeOf(answer);
	const access = timingOf(accessJwt, 'an access token', host, serverNow, defaultAccessLifetimeMs);
	const refresh = timingOf(refreshJwt, 'a refresh token', host, serverNow, defaultRefreshLifetimeMs);
	const pdsUrl = pdsUrlOf(body.didDoc, did);
	const {receivedAt} = answer;
	const refreshExpiresAt = receivedAt + refresh.remainingMs;
	return {
		accessJwt,
		refreshJwt,
		did,
		handle: requiredString(body, 'handle', host),
		...(pdsUrl === undefined ? {} : {pdsUrl}),
		...optionalFields(body),
		...(access.scope === undefined ? {} : {scope: access.scope}),
		receivedAt,
		accessIssuedAt: receivedAt - access.ageMs,
		// Never after the refresh token's end: the session must be refreshed while that still works.
		accessExpiresAt: Math.min(receivedAt + access.remainingMs, refreshExpiresAt),
		refreshExpiresAt,
	};
}

/** The server's clock at the answer (its Date header, whole seconds), if it sent a readable one. */
function serverTimeOf(answer: HttpAnswer): number | undefined {
	const header = answer.headers.date;
	const parsed = Date.parse(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
	return Number.isFinite(parsed) ? Math.floor(parsed / 1000) : undefined;
}

/**
 * How long a token has left and how old it is, all on the server's clock (its Date header, else
 * the token's own iat), so that a skewed local clock changes nothing: the caller adds these to
 * the local receive time. A token issued long ago (e.g. exp already before the server's Date)
 * gets the little or no time it really has left.
 */
function timingOf(
	token: string,
	what: string,
	host: string,
	serverNow: number | undefined,
	fallbackMs: number,
): {remainingMs: number; ageMs: number; scope?: string} {
	let claims;
	try {
		claims = standardClaims(decodeJwt(token).payload);
	} catch (error) {
		if (error instanceof JwtDecodeError) throw new ServiceError('bad-answer', `${host} sent ${what} that is not a JWT`);
		throw error;
	}
	const scope = claims.scope === undefined ? {} : {scope: claims.scope};
	const {iat, exp} = claims;
	// The Date header has whole seconds and comes after the signing: never count the token as younger than its iat.
	const now = iat !== undefined && serverNow !== undefined ? Math.max(iat, serverNow) : (serverNow ?? iat);
	if (exp === undefined || now === undefined) return {remainingMs: fallbackMs, ageMs: 0, ...scope};
	return {remainingMs: (exp - now) * 1000, ageMs: iat === undefined ? 0 : (now - iat) * 1000, ...scope};
}

/** The #atproto_pds service endpoint of the account's own didDoc, when the server sent one. */
function pdsUrlOf(didDoc: unknown, did: string): string | undefined {
	if (!isObject(didDoc) || didDoc.id !== did || !Array.isArray(didDoc.service)) return undefined;
	for (const service of didDoc.service as unknown[]) {
		if (!isObject(service) || typeof service.id !== 'string') continue;
		if (service.id !== '#atproto_pds' && service.id !== `${did}#atproto_pds`) continue;
		const endpoint = service.serviceEndpoint;
		if (typeof endpoint !== 'string') return undefined;
		try {
			const url = new URL(endpoint);
			// Credentials go over https, or plain http to this machine only (as checkServiceUrl demands).
			if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
			if (isInsecureUrl(endpoint)) return undefined;
			return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

function optionalFields(body: Record<string, unknown>): {email?: string; active?: boolean; status?: string} {
	return {
		...(typeof body.email === 'string' ? {email: body.email} : {}),
		...(typeof body.active === 'boolean' ? {active: body.active} : {}),
		...(typeof body.status === 'string' ? {status: body.status} : {}),
	};
}

function jsonObjectOf(answer: HttpAnswer, host: string): Record<string, unknown> {
	const body = parseJsonObject(answer.body);
	if (!body) {
		const type = answer.contentType.split(';')[0]?.trim() || 'no content type';
		throw new ServiceError('bad-answer', `${host} sent an answer that is not a JSON object (${type})`, {status: answer.status});
	}
	return body;
}

function requiredString(body: Record<string, unknown>, field: string, host: string): string {
	const value = body[field];
	if (typeof value !== 'string' || value === '') throw new ServiceError('bad-answer', `${host} sent an answer without "${field}"`);
	return value;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
