/**
 * A stand-in Bluesky (atproto PDS) auth server: the four session endpoints
 * (com.atproto.server.createSession / refreshSession / getSession / deleteSession),
 * answering as a real PDS 0.4.217 was measured to (protocols.md §1; the contract test runs
 * the same cases against both): status codes, error names and messages, JSON shapes, HS256
 * JWTs with the same header and claims, refresh rotation with a grace period that hands out
 * the same successor, deleteSession revoking only its own token. Lifetimes are configurable
 * (the demo uses minutes, not hours). Used by the `demo` command and by tests, so it lives in
 * source/. Binds 127.0.0.1 on a free port; node:http only.
 *
 * Beyond the PDS: an account may require an emailed sign-in code (as bsky.social does for
 * accounts with email 2FA), and sessions can be revoked or accounts taken down from outside.
 * Its OAuth side (an authorization server that approves at once, DPoP-bound XRPC) lives in
 * bluesky-oauth-server.ts and sees every request first.
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {type BlueskyOAuthControl, type BlueskyOAuthOptions, createBlueskyOAuthServer} from './bluesky-oauth-server.js';
import {jsonPartOrUndefined} from '../services/jwt.js';
import {listenOnLoopback} from './listen.js';

export interface BlueskyStandInAccountOptions {
	/** Default: a generated did:plc. */
	did?: string;
	/** Default: the handle's first label @example.com. */
	email?: string;
	/** Email 2FA: logins need this code as authFactorToken (the first try gets AuthFactorTokenRequired). */
	authFactorCode?: string;
	/** This account's access-token life, overriding the server's (e.g. a demo spread of 60–120 s). */
	accessLifetimeSeconds?: number;
}

export interface BlueskyStandInAccount extends BlueskyStandInAccountOptions {
	handle: string;
	password: string;
}

export interface BlueskyStandInOptions {
	accounts?: BlueskyStandInAccount[];
	/** Default 7200 (2 h), as the PDS. */
	accessLifetimeSeconds?: number;
	/** Default 90 days, as the PDS. */
	refreshLifetimeSeconds?: number;
	/** How long a rotated refresh token still works (returning the same successor). Default 7200. */
	refreshGraceSeconds?: number;
	/** Minimum time of every login, good or bad. Default 350 ms like the PDS (timing-attack padding). */
	loginDelayMs?: number;
	/** Server clock = local clock + offset. */
	clockOffsetMs?: number;
	/** HS256 key of every token. Default random. */
	jwtSecret?: string;
	/** The tokens' audience. Default did:web:localhost (what a PDS on localhost uses). */
	serviceDid?: string;
	/** Send the didDoc (its #atproto_pds is this server) with sessions, as bsky.social does. Default true. */
	didDocWithSession?: boolean;
	/** Lifetimes of the OAuth side (access token, session end, nonce rotation). */
	oauth?: BlueskyOAuthOptions;
}

export interface BlueskyStandInCounters {
	/** Every request, any path. */
	requests: number;
	/** createSession requests (any outcome), and those answered 200 / with an error. */
	loginAttempts: number;
	logins: number;
	failedLogins: number;
	/** refreshSession requests, and those answered 200 / with an error. */
	refreshes: number;
	refreshesOk: number;
	refreshesRejected: number;
	/** getSession requests (any outcome). */
	getSessions: number;
	/** deleteSession requests (any outcome). */
	deleteSessions: number;
}

export interface BlueskyStandInCreatedAccount {
	did: string;
	handle: string;
	password: string;
	email: string;
}

export interface BlueskyStandIn {
	/** http://127.0.0.1:PORT, no trailing slash. */
	url: string;
	serviceDid: string;
	jwtSecret: string;
	/** Live counters (the same object; read it any time). */
	counters: BlueskyStandInCounters;
	/** The OAuth side: its counters and test knobs. */
	oauth: BlueskyOAuthControl;
	/** Adds an account; handle and password are generated when not given. */
	createAccount(handle?: string, password?: string, options?: BlueskyStandInAccountOptions): BlueskyStandInCreatedAccount;
	/** An access token as the server would issue it, with any life (negative: already expired). */
	mintAccessJwt(did: string, options: {expiresInSeconds: number; issuedAt?: number}): string;
	/** Ends every session of the account (like a password change): its refresh tokens are refused. */
	revokeSessions(did: string): void;
	/** Takes the account down: logins answer AccountTakedown. */
	takeDown(did: string): void;
	setClockOffset(ms: number): void;
	setAccessLifetimeSeconds(seconds: number): void;
	/** The server's clock (epoch ms). */
	now(): number;
	close(): Promise<void>;
}

const day = 24 * 60 * 60;
const jsonType = 'application/json; charset=utf-8';
const accessScopes = new Set(['com.atproto.access', 'com.atproto.appPass', 'com.atproto.appPassPrivileged']);
const refreshScope = 'com.atproto.refresh';

interface StoredAccount {
	did: string;
	handle: string;
	email: string;
	password: string;
	authFactorCode?: string;
	accessLifetimeSeconds?: number;
	takenDown: boolean;
}

/** A refresh token the server still knows, as the PDS's refresh_token table. */
interface StoredRefresh {
	did: string;
	/** Server clock, ms. */
	expiresAt: number;
	/** Set once rotated: reuse within the grace hands out this same successor. */
	nextId?: string;
}

/** An XRPC error answer. */
class XrpcError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		message: string,
	) {
		super(message);
	}
}

const authMissing = () => new XrpcError(401, 'AuthMissing', 'Authentication Required');
const invalidToken = (message: string) => new XrpcError(400, 'InvalidToken', message);
const invalidRequest = (message: string) => new XrpcError(400, 'InvalidRequest', message);

export async function startBlueskyStandIn(options: BlueskyStandInOptions = {}): Promise<BlueskyStandIn> {
	const jwtSecret = options.jwtSecret ?? randomBytes(16).toString('hex');
	const serviceDid = options.serviceDid ?? 'did:web:localhost';
	const refreshLifetimeSeconds = options.refreshLifetimeSeconds ?? 90 * day;
	const graceMs = (options.refreshGraceSeconds ?? 2 * 60 * 60) * 1000;
	const loginDelayMs = options.loginDelayMs ?? 350;
	const didDocWithSession = options.didDocWithSession ?? true;
	let accessLifetimeSeconds = options.accessLifetimeSeconds ?? 2 * 60 * 60;
	let clockOffsetMs = options.clockOffsetMs ?? 0;
	let url = '';

	const accounts = new Map<string, StoredAccount>();
	const refreshTokens = new Map<string, StoredRefresh>();
	const pendingTimers = new Set<NodeJS.Timeout>();
	const counters: BlueskyStandInCounters = {
		requests: 0,
		loginAttempts: 0,
		logins: 0,
		failedLogins: 0,
		refreshes: 0,
		refreshesOk: 0,
		refreshesRejected: 0,
		getSessions: 0,
		deleteSessions: 0,
	};
	const now = () => Date.now() + clockOffsetMs;
	const nowSeconds = () => Math.floor(now() / 1000);

	function createAccount(handle?: string, password?: string, extra: BlueskyStandInAccountOptions = {}): BlueskyStandInCreatedAccount {
		const name = (handle ?? `user-${randomBytes(3).toString('hex')}.test`).toLowerCase();
		const account: StoredAccount = {
			did: extra.did ?? newDid(),
			handle: name,
			email: (extra.email ?? `${name.split('.')[0]}@example.com`).toLowerCase(),
			password: password ?? `pw-${randomBytes(8).toString('hex')}`,
			...(extra.authFactorCode === undefined ? {} : {authFactorCode: extra.authFactorCode}),
			...(extra.accessLifetimeSeconds === undefined ? {} : {accessLifetimeSeconds: extra.accessLifetimeSeconds}),
			takenDown: false,
		};
		for (const other of accounts.values()) {
			if (other.handle === account.handle || other.email === account.email) throw new Error(`Account ${account.handle} exists already`);
		}
		accounts.set(account.did, account);
		return {did: account.did, handle: account.handle, password: account.password, email: account.email};
	}

	function sign(header: Record<string, unknown>, payload: Record<string, unknown>): string {
		const input = `${base64urlJson(header)}.${base64urlJson(payload)}`;
		return `${input}.${createHmac('sha256', jwtSecret).update(input).digest('base64url')}`;
	}

	function mintAccessJwt(did: string, mint: {expiresInSeconds: number; issuedAt?: number}): string {
		const iat = mint.issuedAt ?? nowSeconds();
		return sign({typ: 'at+jwt', alg: 'HS256'}, {scope: 'com.atproto.access', aud: serviceDid, sub: did, iat, exp: iat + mint.expiresInSeconds});
	}

	/** A new access token and a refresh token with the given id, stored unless it is already (a reissued successor). */
	function issueTokens(account: StoredAccount, refreshId: string): {accessJwt: string; refreshJwt: string} {
		const iat = nowSeconds();
		const accessJwt = mintAccessJwt(account.did, {expiresInSeconds: account.accessLifetimeSeconds ?? accessLifetimeSeconds, issuedAt: iat});
		const refreshExp = iat + refreshLifetimeSeconds;
		const refreshJwt = sign({typ: 'refresh+jwt', alg: 'HS256'}, {scope: refreshScope, aud: serviceDid, sub: account.did, jti: refreshId, iat, exp: refreshExp});
		if (!refreshTokens.has(refreshId)) refreshTokens.set(refreshId, {did: account.did, expiresAt: refreshExp * 1000});
		return {accessJwt, refreshJwt};
	}

	/** Checks a bearer token as the PDS does: header, signature and audience, expiry, then type. */
	function verifyBearer(request: IncomingMessage, kind: 'access' | 'refresh', options: {allowExpired?: boolean} = {}): Record<string, unknown> {
		const header = request.headers.authorization;
		if (header === undefined || !/^bearer(\s|$)/i.test(header)) throw authMissing();
		const match = /^bearer (\S+)$/i.exec(header);
		if (!match) throw invalidToken('Malformed authorization header');
		const payload = verifiedPayload(match[1]!);
		if (!payload) throw invalidToken('Token could not be verified');
		if (!options.allowExpired && (typeof payload.exp !== 'number' || payload.exp <= nowSeconds())) {
			throw new XrpcError(400, 'ExpiredToken', 'Token has expired');
		}
		const scope = payload.scope;
		const rightType = kind === 'access' ? typeof scope === 'string' && accessScopes.has(scope) : scope === refreshScope;
		if (!rightType) throw invalidToken('Invalid token type');
		return payload;
	}

	function verifiedPayload(token: string): Record<string, unknown> | undefined {
		const parts = token.split('.');
		if (parts.length !== 3) return undefined;
		const expected = createHmac('sha256', jwtSecret).update(`${parts[0]}.${parts[1]}`).digest();
		const given = Buffer.from(parts[2]!, 'base64url');
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
		const header = jsonPartOrUndefined(parts[0]!);
		const payload = jsonPartOrUndefined(parts[1]!);
		if (!header || header.alg !== 'HS256' || !payload || payload.aud !== serviceDid || typeof payload.sub !== 'string') return undefined;
		return payload;
	}

	function sessionBody(account: StoredAccount): Record<string, unknown> {
		return {
			did: account.did,
			...(didDocWithSession ? {didDoc: didDocOf(account, url)} : {}),
			handle: account.handle,
			email: account.email,
			emailConfirmed: false,
			active: true,
		};
	}

	function findAccount(identifier: string): StoredAccount | undefined {
		const wanted = identifier.toLowerCase();
		for (const account of accounts.values()) {
			if (wanted.includes('@') ? account.email === wanted : wanted.startsWith('did:') ? account.did === wanted : account.handle === wanted) return account;
		}
		return undefined;
	}

	async function handleCreateSession(request: IncomingMessage, body: Buffer): Promise<Answer> {
		counters.loginAttempts++;
		const started = Date.now();
		try {
			const input = jsonInput(request, body);
			const identifier = requiredString(input, 'identifier');
			const password = requiredString(input, 'password');
			const authFactorToken = input.authFactorToken;
			const account = findAccount(identifier);
			// The PDS pads every login, good or bad, to the same minimum time.
			await delay(loginDelayMs - (Date.now() - started));
			if (!account || password === '' || account.password !== password) {
				throw new XrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
			}
			if (account.takenDown) throw new XrpcError(401, 'AccountTakedown', 'Account has been taken down');
			if (account.authFactorCode !== undefined) {
				if (typeof authFactorToken !== 'string' || authFactorToken === '') {
					throw new XrpcError(401, 'AuthFactorTokenRequired', 'A sign in code has been sent to your email address');
				}
				if (authFactorToken !== account.authFactorCode) throw invalidToken('Token is invalid');
			}
			const tokens = issueTokens(account, newRefreshId());
			counters.logins++;
			return ok({...tokens, ...sessionBody(account)});
		} catch (error) {
			counters.failedLogins++;
			throw error;
		}
	}

	function handleRefreshSession(request: IncomingMessage, body: Buffer): Answer {
		counters.refreshes++;
		try {
			const payload = verifyBearer(request, 'refresh');
			rejectBody(body);
			const id = String(payload.jti);
			const stored = refreshTokens.get(id);
			const account = stored && accounts.get(stored.did);
			const current = now();
			// Rotation: the old token is cut to its grace (never lengthened); past it, revoked.
			const graceEnd = stored ? Math.min(current + graceMs, stored.expiresAt) : 0;
			if (!stored || !account || graceEnd <= current) {
				throw new XrpcError(400, 'ExpiredToken', 'Token has been revoked');
			}
			if (account.takenDown) throw new XrpcError(400, 'AccountTakedown', 'Account has been taken down');
			const nextId = stored.nextId ?? newRefreshId();
			refreshTokens.set(id, {...stored, expiresAt: graceEnd, nextId});
			const tokens = issueTokens(account, nextId);
			counters.refreshesOk++;
			return ok({...tokens, ...sessionBody(account)});
		} catch (error) {
			counters.refreshesRejected++;
			throw error;
		}
	}

	function handleGetSession(request: IncomingMessage): Answer {
		counters.getSessions++;
		const payload = verifyBearer(request, 'access');
		const account = accounts.get(String(payload.sub));
		if (!account) throw invalidRequest(`Could not find user info for account: ${String(payload.sub)}`);
		return ok(sessionBody(account));
	}

	function handleDeleteSession(request: IncomingMessage, body: Buffer): Answer {
		counters.deleteSessions++;
		// An expired refresh token may still end its session; an unknown one is fine too (idempotent).
		const payload = verifyBearer(request, 'refresh', {allowExpired: true});
		rejectBody(body);
		refreshTokens.delete(String(payload.jti));
		return {status: 200, headers: {}, body: ''};
	}

	const oauth = createBlueskyOAuthServer(
		{
			origin: () => url,
			now,
			jwtSecret,
			serviceDid,
			accounts: {
				find: (identifier) => findAccount(identifier),
				list: () => [...accounts.values()],
				didDocument: (did) => {
					const account = accounts.get(did);
					return account && didDocOf(account, url);
				},
			},
		},
		options.oauth,
	);

	const procedures: Record<string, (request: IncomingMessage, body: Buffer) => Answer | Promise<Answer>> = {
		'com.atproto.server.createSession': handleCreateSession,
		'com.atproto.server.refreshSession': handleRefreshSession,
		'com.atproto.server.deleteSession': handleDeleteSession,
	};

	async function route(request: IncomingMessage, body: Buffer): Promise<Answer> {
		const oauthAnswer = oauth.handle(request, body);
		if (oauthAnswer !== undefined) return oauthAnswer;
		const path = (request.url ?? '/').split('?')[0]!;
		if (!path.startsWith('/xrpc/')) return {status: 404, headers: {'content-type': 'text/html; charset=utf-8'}, body: notFoundPage(request.method ?? 'GET', path)};
		const nsid = path.slice('/xrpc/'.length);
		if (nsid === '') throw invalidRequest('invalid xrpc path');
		const method = request.method ?? 'GET';
		if (nsid === 'com.atproto.server.getSession') {
			// The PDS's catch-all answers a POST to this query with this token error.
			if (method !== 'GET' && method !== 'HEAD') throw invalidToken('Bad token method');
			return handleGetSession(request);
		}
		const procedure = procedures[nsid];
		if (!procedure || method !== 'POST') throw invalidRequest(`No service configured for ${nsid}`);
		return procedure(request, body);
	}

	const server = createServer((request, response) => {
		counters.requests++;
		readBody(request)
			.then((body) => route(request, body))
			.catch((error: unknown) => errorAnswer(error))
			// The Date header on the server's own clock, as a PDS's would be: clients read token ages from it.
			.then((answer) => send(response, {...answer, headers: {date: new Date(now()).toUTCString(), ...answer.headers}}))
			.catch(() => response.destroy());
	});

	function delay(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				pendingTimers.delete(timer);
				resolve();
			}, ms);
			pendingTimers.add(timer);
		});
	}

	url = await listenOnLoopback(server);
	for (const account of options.accounts ?? []) {
		const {handle, password, ...extra} = account;
		createAccount(handle, password, extra);
	}

	return {
		url,
		serviceDid,
		jwtSecret,
		counters,
		oauth,
		createAccount,
		mintAccessJwt,
		revokeSessions(did) {
			for (const [id, stored] of refreshTokens) if (stored.did === did) refreshTokens.delete(id);
		},
		takeDown(did) {
			const account = accounts.get(did);
			if (account) account.takenDown = true;
		},
		setClockOffset(ms) {
			clockOffsetMs = ms;
		},
		setAccessLifetimeSeconds(seconds) {
			accessLifetimeSeconds = seconds;
		},
		now,
		close() {
			// Pending padded logins never answer: their sockets are destroyed with the rest.
			for (const timer of pendingTimers) clearTimeout(timer);
			pendingTimers.clear();
			return new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

function ok(body: unknown): Answer {
	return {status: 200, headers: {'content-type': jsonType, 'cache-control': 'private'}, body: JSON.stringify(body)};
}

function errorAnswer(error: unknown): Answer {
	if (error instanceof XrpcError) {
		return {status: error.status, headers: {'content-type': jsonType}, body: JSON.stringify({error: error.error, message: error.message})};
	}
	return {status: 500, headers: {'content-type': jsonType}, body: JSON.stringify({error: 'InternalServerError', message: 'Internal Server Error'})};
}

function send(response: ServerResponse, answer: Answer): void {
	response.writeHead(answer.status, {...answer.headers, 'content-length': Buffer.byteLength(answer.body)});
	response.end(answer.body);
}

/** The request body as JSON, with the PDS's checks and messages (express body-parser, lexicon validation). */
function jsonInput(request: IncomingMessage, body: Buffer): Record<string, unknown> {
	const contentType = request.headers['content-type'];
	if (contentType === undefined) throw invalidRequest('Request encoding (Content-Type) required but not provided');
	const mediaType = contentType.split(';')[0]!.trim();
	if (mediaType !== 'application/json') throw invalidRequest(`Wrong request encoding (Content-Type): ${mediaType}`);
	const text = body.toString('utf8');
	if (text.trim() === '') return {};
	const first = text.trimStart()[0];
	// body-parser's strict mode: only objects and arrays, else a SyntaxError like JSON.parse's.
	if (first !== '{' && first !== '[') throw new XrpcError(400, 'SyntaxError', `Unexpected token '${first}', "${text}" is not valid JSON`);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new XrpcError(400, 'SyntaxError', (error as Error).message);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidRequest(`Expected object value type (got ${Array.isArray(value) ? '[]' : String(value)}) at $`);
	}
	return value as Record<string, unknown>;
}

function requiredString(input: Record<string, unknown>, key: string): string {
	const value = input[key];
	if (value === undefined) throw invalidRequest(`Missing required key "${key}" at $`);
	if (typeof value !== 'string') throw invalidRequest(`Expected string value type (got ${JSON.stringify(value)}) at $.${key}`);
	return value;
}

/** refreshSession and deleteSession take no input: any body at all is refused. */
function rejectBody(body: Buffer): void {
	if (body.length > 0) throw invalidRequest('A request body was provided when none was expected');
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			// Session inputs are tiny; the PDS's JSON limit is 150 kB.
			if (size > 150 * 1024) {
				reject(new XrpcError(413, 'PayloadTooLarge', 'request entity too large'));
				request.destroy();
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function base64urlJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** did:plc: and 24 base32 characters, like the PLC directory's. */
function newDid(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
	return `did:plc:${[...randomBytes(24)].map((byte) => alphabet[byte % 32]).join('')}`;
}

/** 32 random bytes, base64 without padding, like the PDS's refresh-token ids. */
function newRefreshId(): string {
	return randomBytes(32).toString('base64').replace(/=+$/, '');
}

function didDocOf(account: StoredAccount, pdsUrl: string): Record<string, unknown> {
	return {
		'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/secp256k1-2019/v1'],
		id: account.did,
		alsoKnownAs: [`at://${account.handle}`],
		verificationMethod: [
			{
				id: '#atproto',
				type: 'EcdsaSecp256k1VerificationKey2019',
				controller: account.did,
				// A placeholder key: nothing here verifies signatures.
				publicKeyMultibase: `z${createHmac('sha256', 'stand-in key').update(account.did).digest('hex')}`,
			},
		],
		service: [{id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: pdsUrl}],
	};
}

function notFoundPage(method: string, path: string): string {
	const escaped = path.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
	return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${escaped}</pre>\n</body>\n</html>\n`;
}
