/**
 * A stand-in Zettelstore server: just the authentication endpoint (POST/PUT /a) and the
 * version endpoint (GET /x), answering byte for byte as the real servers were measured to
 * (see protocols.md §2). Used by the tests and by the `demo` command, so it lives in source/.
 * Binds 127.0.0.1 on a free port; node:http only.
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {printSexpr, readSexpr, sx, type SexprValue} from '../services/zettelstore/sexpr.js';
import {listenOnLoopback} from './listen.js';

/**
 * Which server generation to imitate:
 * - sexpr: v0.13 and later, s-expression answers, s-expression tokens;
 * - v0.12: s-expression answers with a JWT inside;
 * - json: v0.2–v0.11, `{"token",…}` JSON answers, JWT tokens;
 * - json-2021: 0.0.9–0.0.13, `{"access_token",…}` JSON answers, JWT tokens.
 */
export type ZettelstoreEra = 'sexpr' | 'json' | 'json-2021' | 'v0.12';

export interface ZettelstoreStandInOptions {
	/** user → password. Default {owner: 'secret'}. */
	users?: Record<string, string>;
	era?: ZettelstoreEra;
	/** No `owner` configured: everyone gets ("Bearer" "freeaccess" 316224000). */
	authDisabled?: boolean;
	/** Deliberate delay of every login with credentials, good or bad. Default 500 like the real one. */
	loginDelayMs?: number;
	/** token-lifetime-api, 0–60 minutes. Default 10. */
	tokenLifetimeMinutes?: number;
	/** Overrides tokenLifetimeMinutes with any number of seconds (the demo wants 60–120 s, tests a few). */
	tokenLifetimeSeconds?: number;
	/** Server clock = local clock + offset, for clock-skew tests. */
	clockOffsetMs?: number;
	/** Key of the token HMAC. Changing it invalidates every token, as on the real server. */
	secret?: string;
	/** Version answered on GET /x. Default depends on the era. */
	version?: {major: number; minor: number; patch: number; info?: string; hash?: string};
}

export interface ZettelstoreStandInCounters {
	/** POST /a requests (any outcome). */
	loginAttempts: number;
	/** POST /a answered 200 with a token (not freeaccess). */
	logins: number;
	/** POST /a answered 401. */
	failedLogins: number;
	/** PUT /a requests (any outcome). */
	renewals: number;
	/** PUT /a answered 200 with the same token (first quarter of its life). */
	renewalsSameToken: number;
	/** PUT /a answered 200 with a new token. */
	renewalsNewToken: number;
	/** PUT /a answered 400. */
	renewalsRejected: number;
	/** Every request, any path. */
	requests: number;
}

export interface ZettelstoreStandIn {
	/** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
	url: string;
	era: ZettelstoreEra;
	/** Live counters (the same object; read it any time). */
	counters: ZettelstoreStandInCounters;
	close(): Promise<void>;
	setClockOffset(ms: number): void;
	/** The server's clock (epoch ms). */
	now(): number;
	/** Like a restart with another secret (or an upgrade): every token becomes invalid. */
	setSecret(secret: string): void;
	/**
	 * A restart that changes the signing key (another secret, an upgrade, a rebuild, another
	 * host name: protocols.md §4): every token issued before is refused from now on (400).
	 */
	restart(): void;
	/** Adds or changes a user; undefined removes it (its tokens are then rejected). */
	setUser(user: string, password: string | undefined): void;
	setAuthDisabled(disabled: boolean): void;
	setTokenLifetimeSeconds(seconds: number): void;
	/** A token as the server would issue it now (or at `issuedAt`, server clock, ms) — for tests. */
	issueToken(user: string, options?: {issuedAt?: number; lifetimeSeconds?: number; kind?: number}): string;
	/** Waits until every pending delayed answer is sent (or dropped), for a clean shutdown. */
	idle(): Promise<void>;
}

/** What the real server answers when authentication is disabled. */
export const freeAccessLifetimeSeconds = 316_224_000;
const apiTokenKind = 1;
const firstZid = 20_260_101_000_001;

const textPlain = 'text/plain; charset=utf-8';
const applicationJson = 'application/json';

export async function startZettelstoreStandIn(options: ZettelstoreStandInOptions = {}): Promise<ZettelstoreStandIn> {
	const era = options.era ?? 'sexpr';
	const users = new Map(Object.entries(options.users ?? {owner: 'secret'}));
	const zids = new Map<string, number>();
	const zidOf = (user: string): number => {
		let zid = zids.get(user);
		if (zid === undefined) {
			zid = firstZid + zids.size;
			zids.set(user, zid);
		}
		return zid;
	};
	for (const user of users.keys()) zidOf(user);

	let authDisabled = options.authDisabled ?? false;
	const loginDelayMs = options.loginDelayMs ?? 500;
	const minutes = options.tokenLifetimeMinutes ?? 10;
	if (!Number.isInteger(minutes) || minutes < 0 || minutes > 60) throw new RangeError('tokenLifetimeMinutes must be an integer from 0 to 60');
	let lifetimeSeconds = options.tokenLifetimeSeconds ?? minutes * 60;
	checkLifetime(lifetimeSeconds);
	let clockOffsetMs = options.clockOffsetMs ?? 0;
	let secret = options.secret ?? 'tokentop stand-in secret';
	const version = options.version ?? defaultVersion(era);

	const counters: ZettelstoreStandInCounters = {
		loginAttempts: 0,
		logins: 0,
		failedLogins: 0,
		renewals: 0,
		renewalsSameToken: 0,
		renewalsNewToken: 0,
		renewalsRejected: 0,
		requests: 0,
	};

	const serverNow = (): number => Date.now() + clockOffsetMs;
	/** Unix seconds, rounded like Go's time.Now().Round(time.Second). */
	const nowSeconds = (): number => Math.round(serverNow() / 1000);

	const makeToken = (user: string, issued: number, lifetime: number, kind = apiTokenKind): string =>
		era === 'sexpr' ? signSexprClaim(user, issued, lifetime, kind, zidOf(user), secret) : signJwt(user, issued, lifetime, kind, zidOf(user), secret);

	const checkToken = (token: string): TokenClaim | undefined => {
		const claim = era === 'sexpr' ? verifySexprToken(token, secret) : verifyJwt(token, secret);
		if (!claim || claim.kind !== apiTokenKind || !users.has(claim.user)) return undefined;
		// Go: expires.Before(now) is expired; now rounded to the second.
		if (claim.expires < nowSeconds()) return undefined;
		return claim;
	};

	const pending = new Set<{timer: NodeJS.Timeout; done: () => void}>();
	const sockets = new Set<Socket>();

	const tokenBody = (token: string, seconds: number): {type: string; body: string} => {
		switch (era) {
			case 'sexpr':
			case 'v0.12':
				return {type: textPlain, body: printSexpr(sx.list(sx.string('Bearer'), sx.string(token), sx.integer(seconds)))};
			case 'json':
				return {type: applicationJson, body: `${JSON.stringify({token, token_type: 'Bearer', expires_in: seconds})}\n`};
			case 'json-2021':
				return {type: applicationJson, body: `${JSON.stringify({access_token: token, token_type: 'Bearer', expires_in: seconds})}\n`};
		}
	};

	const sendToken = (response: ServerResponse, token: string, seconds: number): void => {
		const {type, body} = tokenBody(token, seconds);
		send(response, 200, {'Content-Type': type}, body);
	};

	const authFailed = (response: ServerResponse): void => {
		send(response, 401, {'Content-Type': textPlain, 'Www-Authenticate': 'Bearer realm="Default"', 'X-Content-Type-Options': 'nosniff'}, 'Authentication failed\n');
	};

	const notAuthenticated = (response: ServerResponse): void => {
		counters.renewalsRejected++;
		send(response, 400, {'Content-Type': textPlain, 'X-Content-Type-Options': 'nosniff'}, 'Not authenticated\n');
	};

	const later = (delayMs: number, action: () => void): void => {
		const entry = {
			timer: setTimeout(() => {
				pending.delete(entry);
				action();
				entry.done();
			}, delayMs),
			done: () => {},
		};
		pending.add(entry);
	};

	const login = (request: IncomingMessage, body: string, response: ServerResponse): void => {
		counters.loginAttempts++;
		if (authDisabled) {
			sendToken(response, 'freeaccess', freeAccessLifetimeSeconds);
			return;
		}
		const credentials = credentialsOf(request, body);
		if (!credentials || credentials.user === '') {
			// Nothing to check: the real server answers at once.
			counters.failedLogins++;
			authFailed(response);
			return;
		}
		// The delay is decided before checking, so good and bad passwords take the same time.
		later(loginDelayMs, () => {
			const expected = users.get(credentials.user);
			if (expected === undefined || credentials.password === '' || !sameText(expected, credentials.password)) {
				counters.failedLogins++;
				authFailed(response);
				return;
			}
			counters.logins++;
			sendToken(response, makeToken(credentials.user, nowSeconds(), lifetimeSeconds), lifetimeSeconds);
		});
	};

	const renewal = (request: IncomingMessage, response: ServerResponse): void => {
		counters.renewals++;
		if (authDisabled) {
			sendToken(response, 'freeaccess', freeAccessLifetimeSeconds);
			return;
		}
		const token = bearerOf(request.headers.authorization);
		const claim = token === undefined ? undefined : checkToken(token);
		if (token === undefined || !claim) {
			notAuthenticated(response);
			return;
		}
		const now = nowSeconds();
		const age = now - claim.issued;
		const lifetime = claim.expires - claim.issued;
		if (age * 4 < lifetime) {
			// First quarter of its life: the same token, with what is left of it.
			counters.renewalsSameToken++;
			sendToken(response, token, claim.expires - now);
			return;
		}
		counters.renewalsNewToken++;
		sendToken(response, makeToken(claim.user, now, lifetimeSeconds), lifetimeSeconds);
	};

	const versionAnswer = (response: ServerResponse): void => {
		if (era === 'sexpr') {
			const value = sx.list(sx.integer(version.major), sx.integer(version.minor), sx.integer(version.patch), sx.string(version.info ?? ''), sx.string(version.hash ?? ''));
			send(response, 200, {'Content-Type': textPlain}, printSexpr(value));
			return;
		}
		const body = {major: version.major, minor: version.minor, patch: version.patch, info: version.info ?? '', hash: version.hash ?? ''};
		send(response, 200, {'Content-Type': applicationJson}, `${JSON.stringify(body)}\n`);
	};

	/**
	 * GET /z/ZID of a user's own zettel, which only that user may read: as on the real server, a
	 * missing, expired or foreign token is anonymous and gets 403, never 401.
	 */
	const userZettel = (request: IncomingMessage, response: ServerResponse, zid: number): void => {
		const user = [...zids].find(([, id]) => id === zid)?.[0];
		if (user === undefined || !users.has(user)) {
			send(response, 404, {'Content-Type': textPlain, 'X-Content-Type-Options': 'nosniff'}, '404 page not found\n');
			return;
		}
		const token = bearerOf(request.headers.authorization);
		if (!authDisabled && (token === undefined || checkToken(token)?.user !== user)) {
			send(response, 403, {'Content-Type': textPlain, 'X-Content-Type-Options': 'nosniff'}, 'Forbidden\n');
			return;
		}
		send(response, 200, {'Content-Type': textPlain}, `title: ${user}\nrole: user\nuser-id: ${user}\n`);
	};

	const handle = (request: IncomingMessage, body: string, response: ServerResponse): void => {
		counters.requests++;
		const path = (request.url ?? '/').split('?')[0];
		if (path === '/a') {
			if (request.method === 'POST') return login(request, body, response);
			if (request.method === 'PUT') return renewal(request, response);
			send(response, 405, {'Content-Type': textPlain, 'X-Content-Type-Options': 'nosniff'}, 'Method Not Allowed\n');
			return;
		}
		if (path === '/x' && (request.method === 'GET' || request.method === 'HEAD')) return versionAnswer(response);
		const zettel = /^\/z\/(\d{14})$/.exec(path ?? '');
		if (zettel && (request.method === 'GET' || request.method === 'HEAD')) return userZettel(request, response, Number(zettel[1]));
		send(response, 404, {'Content-Type': textPlain, 'X-Content-Type-Options': 'nosniff'}, '404 page not found\n');
	};

	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			// Credentials are tiny; a flood is cut off instead of buffered.
			if (size <= 64 * 1024) chunks.push(chunk);
		});
		request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
		request.on('error', () => response.destroy());
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	const url = await listenOnLoopback(server);

	return {
		url,
		era,
		counters,
		async close() {
			for (const entry of pending) {
				clearTimeout(entry.timer);
				entry.done();
			}
			pending.clear();
			const closed = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
		setClockOffset(ms) {
			clockOffsetMs = ms;
		},
		now: serverNow,
		setSecret(value) {
			secret = value;
		},
		restart() {
			secret = randomBytes(16).toString('hex');
		},
		setUser(user, password) {
			if (password === undefined) users.delete(user);
			else {
				users.set(user, password);
				zidOf(user);
			}
		},
		setAuthDisabled(disabled) {
			authDisabled = disabled;
		},
		setTokenLifetimeSeconds(seconds) {
			checkLifetime(seconds);
			lifetimeSeconds = seconds;
		},
		issueToken(user, tokenOptions = {}) {
			const issued = tokenOptions.issuedAt === undefined ? nowSeconds() : Math.round(tokenOptions.issuedAt / 1000);
			return makeToken(user, issued, tokenOptions.lifetimeSeconds ?? lifetimeSeconds, tokenOptions.kind ?? apiTokenKind);
		},
		async idle() {
			await Promise.all(
				[...pending].map(
					entry =>
						new Promise<void>(resolve => {
							const previous = entry.done;
							entry.done = () => {
								previous();
								resolve();
							};
						}),
				),
			);
		},
	};
}

function checkLifetime(seconds: number): void {
	if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError('token lifetime must be a whole number of seconds, 0 or more');
}

function defaultVersion(era: ZettelstoreEra): NonNullable<ZettelstoreStandInOptions['version']> {
	switch (era) {
		case 'sexpr':
			return {major: 2, minor: 1, patch: 0, info: '', hash: '7b7788b2e8'};
		case 'v0.12':
			return {major: 0, minor: 12, patch: 0, info: '', hash: '3c4d5e6f70'};
		case 'json':
			return {major: 0, minor: 4, patch: 0, info: '', hash: '1a2b3c4d5e'};
		case 'json-2021':
			return {major: 0, minor: 0, patch: 13, info: '', hash: '0f1e2d3c4b'};
	}
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
	if (response.destroyed || response.headersSent) return;
	const bytes = Buffer.from(body, 'utf8');
	response.writeHead(status, {...headers, 'Content-Length': String(bytes.length)});
	response.end(response.req.method === 'HEAD' ? undefined : bytes);
}

interface Credentials {
	user: string;
	password: string;
}

/** A form with a non-empty username wins over Basic; anything else (JSON, nothing) has no credentials. */
function credentialsOf(request: IncomingMessage, body: string): Credentials | undefined {
	const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/x-www-form-urlencoded') {
		const form = new URLSearchParams(body);
		const user = form.get('username') ?? '';
		if (user !== '') return {user, password: form.get('password') ?? ''};
	}
	const header = request.headers.authorization ?? '';
	const match = /^basic ([A-Za-z0-9+/=]*)$/i.exec(header.trim());
	if (!match) return undefined;
	const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return {user: decoded.slice(0, colon), password: decoded.slice(colon + 1)};
}

/** `Bearer TOKEN`: scheme case-insensitive, exactly one space. */
function bearerOf(header: string | undefined): string | undefined {
	if (!header || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
	const token = header.slice(7);
	return token === '' ? undefined : token;
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a, 'utf8');
	const right = Buffer.from(b, 'utf8');
	return left.length === right.length && timingSafeEqual(left, right);
}

interface TokenClaim {
	kind: number;
	user: string;
	issued: number;
	expires: number;
}

// --- v0.13+ tokens: base64url(CLAIM) "." base64url(HMAC-SHA384 over CLAIM) ---

function claimText(user: string, issued: number, lifetime: number, kind: number, zid: number): string {
	return printSexpr(sx.list(sx.integer(kind), sx.string(user), sx.integer(issued), sx.integer(issued + lifetime), sx.integer(zid)));
}

function signSexprClaim(user: string, issued: number, lifetime: number, kind: number, zid: number, secret: string): string {
	const claim = claimText(user, issued, lifetime, kind, zid);
	const digest = createHmac('sha384', secret).update(claim, 'utf8').digest();
	return `${Buffer.from(claim, 'utf8').toString('base64url')}.${digest.toString('base64url')}`;
}

function verifySexprToken(token: string, secret: string): TokenClaim | undefined {
	const dot = token.indexOf('.');
	if (dot <= 0 || dot > 1024) return undefined;
	const claimPart = token.slice(0, dot);
	const digestPart = token.slice(dot + 1);
	if (!/^[A-Za-z0-9_-]+$/.test(claimPart) || !/^[A-Za-z0-9_-]+$/.test(digestPart)) return undefined;
	let value: SexprValue;
	try {
		value = readSexpr(Buffer.from(claimPart, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	// The real server signs the re-printed claim, so equivalent spellings verify alike.
	const expected = createHmac('sha384', secret).update(printSexpr(value), 'utf8').digest();
	const given = Buffer.from(digestPart, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	if (value.type !== 'list' || value.items.length !== 5) return undefined;
	const [kind, user, issued, expires, zid] = value.items;
	if (kind?.type !== 'integer' || user?.type !== 'string' || issued?.type !== 'integer' || expires?.type !== 'integer' || zid?.type !== 'integer') return undefined;
	if (typeof kind.value !== 'number' || typeof issued.value !== 'number' || typeof expires.value !== 'number' || user.value === '') return undefined;
	return {kind: kind.value, user: user.value, issued: issued.value, expires: expires.value};
}

// --- up to v0.12: JWT, HS512 ---

function signJwt(user: string, issued: number, lifetime: number, kind: number, zid: number, secret: string): string {
	const header = Buffer.from(JSON.stringify({alg: 'HS512'})).toString('base64url');
	const payload = Buffer.from(JSON.stringify({_tk: kind, exp: issued + lifetime, iat: issued, sub: user, zid: String(zid)})).toString('base64url');
	const signature = createHmac('sha512', secret).update(`${header}.${payload}`).digest('base64url');
	return `${header}.${payload}.${signature}`;
}

function verifyJwt(token: string, secret: string): TokenClaim | undefined {
	const parts = token.split('.');
	if (parts.length !== 3 || !parts.every(part => /^[A-Za-z0-9_-]+$/.test(part))) return undefined;
	const expected = createHmac('sha512', secret).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2]!, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	let payload: unknown;
	try {
		payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
	if (typeof payload !== 'object' || payload === null) return undefined;
	const {_tk: kind, sub: user, iat: issued, exp: expires} = payload as Record<string, unknown>;
	if (typeof kind !== 'number' || typeof user !== 'string' || typeof issued !== 'number' || typeof expires !== 'number' || user === '') return undefined;
	return {kind, user, issued, expires};
}
