/**
 * One set of contract cases, run against a real PDS (@atproto/pds 0.4.217 in-process) and
 * against the stand-in (source/standins/bluesky-server.ts): both must answer the four session
 * endpoints alike, byte for byte where it matters (status, error name and message, JSON keys
 * in order, JWT header and claims, rotation and revocation behaviour).
 */
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {request as rawRequest} from 'node:http';
import {after, before, describe, it} from 'node:test';
import {createSession, deleteSession, getSession, refreshSession} from '../../source/services/bluesky/api.js';
import {ServiceError} from '../../source/services/errors.js';
import {decodeJwt} from '../../source/services/jwt.js';
import {startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startTestPds} from '../support/pds.js';

interface Account {
	did: string;
	handle: string;
	password: string;
	email: string;
}

interface Target {
	url: string;
	serviceDid: string;
	jwtSecret: string;
	createAccount(): Account | Promise<Account>;
	close(): Promise<void>;
}

const targets: Record<string, () => Promise<Target>> = {
	'real PDS': async () => {
		const pds = await startTestPds();
		return {url: pds.url, serviceDid: pds.serviceDid, jwtSecret: pds.jwtSecret, createAccount: () => pds.createAccount(), close: () => pds.close()};
	},
	'stand-in': async () => {
		const standIn = await startBlueskyStandIn();
		return {url: standIn.url, serviceDid: standIn.serviceDid, jwtSecret: standIn.jwtSecret, createAccount: () => standIn.createAccount(), close: () => standIn.close()};
	},
};

const nsid = {
	create: 'com.atproto.server.createSession',
	refresh: 'com.atproto.server.refreshSession',
	get: 'com.atproto.server.getSession',
	delete: 'com.atproto.server.deleteSession',
};
const json = 'application/json; charset=utf-8';
const sessionKeys = ['accessJwt', 'refreshJwt', 'did', 'didDoc', 'handle', 'email', 'emailConfirmed', 'active'];

interface Reply {
	status: number;
	contentType: string | null;
	cacheControl: string | null;
	text: string;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	json: any;
}

for (const [name, start] of Object.entries(targets)) {
	describe(`Bluesky session contract: ${name}`, () => {
		let target: Target;
		before(async () => {
			target = await start();
		});
		after(() => target?.close());

		async function xrpc(method: string, init: {method?: string; token?: string; json?: unknown; body?: string; contentType?: string} = {}): Promise<Reply> {
			const headers: Record<string, string> = {};
			if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
			if (init.contentType !== undefined) headers['content-type'] = init.contentType;
			let body = init.body;
			if (init.json !== undefined) {
				headers['content-type'] ??= 'application/json';
				body = JSON.stringify(init.json);
			}
			const response = await fetch(`${target.url}/xrpc/${method}`, {method: init.method ?? 'POST', headers, ...(body === undefined ? {} : {body})});
			const text = await response.text();
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
			return {status: response.status, contentType: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control'), text, json: parsed};
		}

		async function login(account: Account, identifier = account.handle): Promise<{accessJwt: string; refreshJwt: string; did: string}> {
			const reply = await xrpc(nsid.create, {json: {identifier, password: account.password}});
			assert.equal(reply.status, 200, reply.text);
			return reply.json;
		}

		function assertError(reply: Reply, status: number, error: string, message: string): void {
			assert.equal(reply.status, status, reply.text);
			assert.equal(reply.contentType, json);
			assert.deepEqual(reply.json, {error, message});
			assert.deepEqual(Object.keys(reply.json), ['error', 'message']);
		}

		/** A token signed with the server's own key, with any claims. */
		function mint(header: Record<string, unknown>, payload: Record<string, unknown>): string {
			const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
			const input = `${encode(header)}.${encode(payload)}`;
			return `${input}.${createHmac('sha256', target.jwtSecret).update(input).digest('base64url')}`;
		}

		const seconds = () => Math.floor(Date.now() / 1000);

		describe('createSession', () => {
			it('answers a login with the session, the didDoc and the PDS’s token shapes', async () => {
				const account = await target.createAccount();
				const reply = await xrpc(nsid.create, {json: {identifier: account.handle, password: account.password}});
				assert.equal(reply.status, 200);
				assert.equal(reply.contentType, json);
				assert.deepEqual(Object.keys(reply.json), sessionKeys);
				assert.equal(reply.json.did, account.did);
				assert.equal(reply.json.handle, account.handle);
				assert.equal(reply.json.email, account.email);
				assert.equal(reply.json.emailConfirmed, false);
				assert.equal(reply.json.active, true);

				const access = decodeJwt(reply.json.accessJwt);
				assert.deepEqual(access.header, {typ: 'at+jwt', alg: 'HS256'});
				assert.deepEqual(Object.keys(access.payload), ['scope', 'aud', 'sub', 'iat', 'exp']);
				assert.equal(access.payload.scope, 'com.atproto.access');
				assert.equal(access.payload.aud, target.serviceDid);
				assert.equal(access.payload.sub, account.did);
				assert.equal(Number(access.payload.exp) - Number(access.payload.iat), 2 * 60 * 60);
				assert.ok(Math.abs(Number(access.payload.iat) - seconds()) <= 2);

				const refresh = decodeJwt(reply.json.refreshJwt);
				assert.deepEqual(refresh.header, {typ: 'refresh+jwt', alg: 'HS256'});
				assert.deepEqual(Object.keys(refresh.payload), ['scope', 'aud', 'sub', 'jti', 'iat', 'exp']);
				assert.equal(refresh.payload.scope, 'com.atproto.refresh');
				assert.match(String(refresh.payload.jti), /^[A-Za-z0-9+/]{43}$/);
				assert.equal(Number(refresh.payload.exp) - Number(refresh.payload.iat), 90 * 24 * 60 * 60);

				const didDoc = reply.json.didDoc;
				assert.equal(didDoc.id, account.did);
				assert.deepEqual(didDoc.alsoKnownAs, [`at://${account.handle}`]);
				const pds = didDoc.service.find((service: {id: string}) => service.id === '#atproto_pds');
				assert.equal(pds.type, 'AtprotoPersonalDataServer');
				assert.equal(new URL(pds.serviceEndpoint).port, new URL(target.url).port);
			});

			it('takes a handle (any case), an email or a DID as the identifier', async () => {
				const account = await target.createAccount();
				const sessions = await Promise.all([account.handle.toUpperCase(), account.email, account.did].map((identifier) => login(account, identifier)));
				assert.deepEqual(
					sessions.map((session) => session.did),
					[account.did, account.did, account.did],
				);
			});

			it('refuses wrong passwords, unknown users and empty passwords alike, after the same padding', async () => {
				const account = await target.createAccount();
				const inputs = [
					{identifier: account.handle, password: 'wrong'},
					{identifier: 'nobody.test', password: account.password},
					{identifier: account.handle, password: ''},
				];
				await Promise.all(
					inputs.map(async (input) => {
						const startedAt = performance.now();
						const reply = await xrpc(nsid.create, {json: input});
						assert.ok(performance.now() - startedAt >= 340, 'logins are padded to 350 ms');
						assertError(reply, 401, 'AuthenticationRequired', 'Invalid identifier or password');
					}),
				);
			});

			it('refuses malformed requests with the PDS’s messages', async () => {
				const account = await target.createAccount();
				const good = JSON.stringify({identifier: account.handle, password: account.password});
				assertError(await xrpc(nsid.create, {body: good, contentType: 'text/plain'}), 400, 'InvalidRequest', 'Wrong request encoding (Content-Type): text/plain');
				assertError(await xrpc(nsid.create, {json: {identifier: account.handle}}), 400, 'InvalidRequest', 'Missing required key "password" at $');
				assertError(await xrpc(nsid.create, {json: {password: 'x'}}), 400, 'InvalidRequest', 'Missing required key "identifier" at $');
				assertError(await xrpc(nsid.create, {body: '', contentType: 'application/json'}), 400, 'InvalidRequest', 'Missing required key "identifier" at $');
				assertError(await xrpc(nsid.create, {json: {identifier: 5, password: 'x'}}), 400, 'InvalidRequest', 'Expected string value type (got 5) at $.identifier');
				assertError(await xrpc(nsid.create, {json: []}), 400, 'InvalidRequest', 'Expected object value type (got []) at $');
				assertError(await xrpc(nsid.create, {body: '{nope', contentType: 'application/json'}), 400, 'SyntaxError', "Expected property name or '}' in JSON at position 1");
				assertError(await xrpc(nsid.create, {method: 'GET'}), 400, 'InvalidRequest', `No service configured for ${nsid.create}`);
				const bare = await postWithoutContentType(`${target.url}/xrpc/${nsid.create}`, good);
				assert.deepEqual(bare, {status: 400, body: {error: 'InvalidRequest', message: 'Request encoding (Content-Type) required but not provided'}});
			});
		});

		describe('refreshSession', () => {
			it('rotates: a new refresh token with a fresh life; the old one within its grace gives the same successor', async () => {
				const first = await login(await target.createAccount());
				const second = await xrpc(nsid.refresh, {token: first.refreshJwt});
				assert.equal(second.status, 200);
				assert.equal(second.contentType, json);
				assert.equal(second.cacheControl, 'private');
				assert.deepEqual(Object.keys(second.json), sessionKeys);
				const successor = decodeJwt(second.json.refreshJwt).payload;
				assert.notEqual(successor.jti, decodeJwt(first.refreshJwt).payload.jti);
				assert.equal(Number(successor.exp) - Number(successor.iat), 90 * 24 * 60 * 60);

				const reused = await xrpc(nsid.refresh, {token: first.refreshJwt});
				assert.equal(reused.status, 200);
				assert.equal(decodeJwt(reused.json.refreshJwt).payload.jti, successor.jti);

				const third = await xrpc(nsid.refresh, {token: second.json.refreshJwt});
				assert.equal(third.status, 200);
				assert.notEqual(decodeJwt(third.json.refreshJwt).payload.jti, successor.jti);
			});

			it('refuses any body, but not a content type with an empty body', async () => {
				const session = await login(await target.createAccount());
				assertError(await xrpc(nsid.refresh, {token: session.refreshJwt, json: {}}), 400, 'InvalidRequest', 'A request body was provided when none was expected');
				assert.equal((await xrpc(nsid.refresh, {token: session.refreshJwt, contentType: 'application/json'})).status, 200);
			});

			it('refuses bad tokens with the PDS’s errors (HTTP 400, not 401)', async () => {
				const account = await target.createAccount();
				const session = await login(account);
				const now = seconds();
				const refreshClaims = {scope: 'com.atproto.refresh', aud: target.serviceDid, sub: account.did, jti: 'unknown-id'};
				assertError(await xrpc(nsid.refresh), 401, 'AuthMissing', 'Authentication Required');
				assertError(await xrpc(nsid.refresh, {token: ''}), 400, 'InvalidToken', 'Malformed authorization header');
				assertError(await xrpc(nsid.refresh, {token: 'garbage'}), 400, 'InvalidToken', 'Token could not be verified');
				assertError(await xrpc(nsid.refresh, {token: session.accessJwt}), 400, 'InvalidToken', 'Invalid token type');
				assertError(await xrpc(nsid.refresh, {token: `${session.refreshJwt.slice(0, -4)}AAAA`}), 400, 'InvalidToken', 'Token could not be verified');
				const expired = mint({typ: 'refresh+jwt', alg: 'HS256'}, {...refreshClaims, iat: now - 100, exp: now - 10});
				assertError(await xrpc(nsid.refresh, {token: expired}), 400, 'ExpiredToken', 'Token has expired');
				const unknown = mint({typ: 'refresh+jwt', alg: 'HS256'}, {...refreshClaims, iat: now, exp: now + 1000});
				assertError(await xrpc(nsid.refresh, {token: unknown}), 400, 'ExpiredToken', 'Token has been revoked');
				assertError(await xrpc(nsid.refresh, {method: 'GET', token: session.refreshJwt}), 400, 'InvalidRequest', `No service configured for ${nsid.refresh}`);
			});
		});

		describe('getSession', () => {
			it('answers with the account for an access token', async () => {
				const account = await target.createAccount();
				const session = await login(account);
				const reply = await xrpc(nsid.get, {method: 'GET', token: session.accessJwt});
				assert.equal(reply.status, 200);
				assert.equal(reply.contentType, json);
				assert.equal(reply.cacheControl, 'private');
				assert.deepEqual(Object.keys(reply.json), ['did', 'didDoc', 'handle', 'email', 'emailConfirmed', 'active']);
				assert.equal(reply.json.did, account.did);
				assert.equal(reply.json.handle, account.handle);
			});

			it('refuses expired, foreign, refresh and missing tokens', async () => {
				const account = await target.createAccount();
				const session = await login(account);
				const now = seconds();
				const accessClaims = {scope: 'com.atproto.access', aud: target.serviceDid, sub: account.did};
				const expired = mint({typ: 'at+jwt', alg: 'HS256'}, {...accessClaims, iat: now - 200, exp: now - 100});
				assertError(await xrpc(nsid.get, {method: 'GET', token: expired}), 400, 'ExpiredToken', 'Token has expired');
				const foreign = mint({typ: 'at+jwt', alg: 'HS256'}, {...accessClaims, aud: 'did:web:elsewhere.test', iat: now, exp: now + 100});
				assertError(await xrpc(nsid.get, {method: 'GET', token: foreign}), 400, 'InvalidToken', 'Token could not be verified');
				assertError(await xrpc(nsid.get, {method: 'GET', token: session.refreshJwt}), 400, 'InvalidToken', 'Invalid token type');
				assertError(await xrpc(nsid.get, {method: 'GET'}), 401, 'AuthMissing', 'Authentication Required');
				const ghost = mint({typ: 'at+jwt', alg: 'HS256'}, {...accessClaims, sub: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', iat: now, exp: now + 100});
				assertError(await xrpc(nsid.get, {method: 'GET', token: ghost}), 400, 'InvalidRequest', 'Could not find user info for account: did:plc:aaaaaaaaaaaaaaaaaaaaaaaa');
				assertError(await xrpc(nsid.get, {method: 'POST', token: session.accessJwt}), 400, 'InvalidToken', 'Bad token method');
			});
		});

		describe('deleteSession', () => {
			it('ends only its own refresh token, answers 200 with no body, and may be repeated', async () => {
				const account = await target.createAccount();
				const first = await login(account);
				const second = (await xrpc(nsid.refresh, {token: first.refreshJwt})).json;

				const deleted = await xrpc(nsid.delete, {token: second.refreshJwt});
				assert.equal(deleted.status, 200);
				assert.equal(deleted.text, '');
				assert.equal(deleted.contentType, null);
				assert.equal((await xrpc(nsid.delete, {token: second.refreshJwt})).status, 200);

				assertError(await xrpc(nsid.refresh, {token: second.refreshJwt}), 400, 'ExpiredToken', 'Token has been revoked');
				// The access token lives on until it expires, and the rotated-away token still has its grace.
				assert.equal((await xrpc(nsid.get, {method: 'GET', token: second.accessJwt})).status, 200);
				assert.equal((await xrpc(nsid.refresh, {token: first.refreshJwt})).status, 200);
			});

			it('accepts an expired or unknown refresh token; refuses bodies, access tokens and garbage', async () => {
				const account = await target.createAccount();
				const session = await login(account);
				const now = seconds();
				const refreshClaims = {scope: 'com.atproto.refresh', aud: target.serviceDid, sub: account.did, jti: 'unknown-id'};
				const expired = mint({typ: 'refresh+jwt', alg: 'HS256'}, {...refreshClaims, iat: now - 100, exp: now - 10});
				assert.equal((await xrpc(nsid.delete, {token: expired})).status, 200);
				assertError(await xrpc(nsid.delete, {token: session.refreshJwt, json: {}}), 400, 'InvalidRequest', 'A request body was provided when none was expected');
				assertError(await xrpc(nsid.delete, {token: session.accessJwt}), 400, 'InvalidToken', 'Invalid token type');
				assertError(await xrpc(nsid.delete, {token: 'garbage'}), 400, 'InvalidToken', 'Token could not be verified');
				assertError(await xrpc(nsid.delete), 401, 'AuthMissing', 'Authentication Required');
			});
		});

		describe('through the client', () => {
			it('gives the same results and failure kinds', async () => {
				const account = await target.createAccount();
				const session = await createSession(target.url, {identifier: account.handle, password: account.password});
				assert.ok(session.pdsUrl !== undefined);
				assert.equal(new URL(session.pdsUrl).port, new URL(target.url).port);
				assert.equal(session.accessExpiresAt - session.accessIssuedAt, 2 * 60 * 60 * 1000);
				// Later calls go to the account's PDS, as the app does.
				const rotated = await refreshSession(session.pdsUrl, session.refreshJwt);
				assert.deepEqual(await getSession(target.url, rotated.accessJwt), {did: account.did, handle: account.handle, email: account.email, active: true});
				await deleteSession(target.url, rotated.refreshJwt);
				await assert.rejects(refreshSession(target.url, rotated.refreshJwt), (error: unknown) => error instanceof ServiceError && error.kind === 'needs-login');
				await assert.rejects(
					createSession(target.url, {identifier: account.handle, password: 'wrong'}),
					(error: unknown) => error instanceof ServiceError && error.kind === 'bad-credentials',
				);
			});
		});
	});
}

/** fetch always sends a content type with a string body; this does not. */
function postWithoutContentType(url: string, body: string): Promise<{status: number; body: unknown}> {
	return new Promise((resolve, reject) => {
		const request = rawRequest(url, {method: 'POST', headers: {'content-length': Buffer.byteLength(body)}}, (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => resolve({status: response.statusCode ?? 0, body: JSON.parse(text)}));
		});
		request.on('error', reject);
		request.end(body);
	});
}

/** What the stand-in does beyond the PDS, for the demo and for other tests. */
describe('Bluesky stand-in: beyond the contract', () => {
	const fast = {loginDelayMs: 0};

	it('issues tokens with the configured lifetimes, per server and per account', async () => {
		const standIn = await startBlueskyStandIn({...fast, accessLifetimeSeconds: 90, refreshLifetimeSeconds: 600});
		try {
			const plain = standIn.createAccount();
			const quick = standIn.createAccount('quick.test', 'pw', {accessLifetimeSeconds: 60});
			const first = await createSession(standIn.url, {identifier: plain.handle, password: plain.password});
			assert.equal(first.accessExpiresAt - first.accessIssuedAt, 90_000);
			assert.ok(first.refreshExpiresAt - first.receivedAt > 598_000);
			const second = await createSession(standIn.url, {identifier: quick.handle, password: 'pw'});
			assert.equal(second.accessExpiresAt - second.accessIssuedAt, 60_000);
			standIn.setAccessLifetimeSeconds(120);
			const third = await refreshSession(standIn.url, first.refreshJwt);
			assert.equal(third.accessExpiresAt - third.accessIssuedAt, 120_000);
		} finally {
			await standIn.close();
		}
	});

	it('follows its own clock: access tokens expire, and the rotated token’s grace ends', async () => {
		const standIn = await startBlueskyStandIn({...fast, refreshGraceSeconds: 60});
		try {
			const account = standIn.createAccount();
			const first = await createSession(standIn.url, {identifier: account.handle, password: account.password});
			const second = await refreshSession(standIn.url, first.refreshJwt);
			standIn.setClockOffset(61_000);
			const lateReuse = await refreshSession(standIn.url, first.refreshJwt).catch((error: unknown) => error);
			assert.ok(lateReuse instanceof ServiceError && lateReuse.kind === 'needs-login' && lateReuse.details.errorName === 'ExpiredToken');
			assert.match(lateReuse.message, /Token has been revoked/);
			await refreshSession(standIn.url, second.refreshJwt);
			standIn.setClockOffset(2 * 60 * 60 * 1000 + 1000);
			const expired = await getSession(standIn.url, second.accessJwt).catch((error: unknown) => error);
			assert.ok(expired instanceof ServiceError && expired.kind === 'needs-login');
			assert.match(expired.message, /Token has expired/);
		} finally {
			await standIn.close();
		}
	});

	it('asks for an emailed sign-in code when the account has one', async () => {
		const standIn = await startBlueskyStandIn(fast);
		try {
			const account = standIn.createAccount(undefined, undefined, {authFactorCode: 'ABCDE-12345'});
			const login = {identifier: account.handle, password: account.password};
			const asked = await createSession(standIn.url, login).catch((error: unknown) => error);
			assert.ok(asked instanceof ServiceError && asked.kind === 'auth-factor-required' && asked.details.status === 401);
			const wrong = await createSession(standIn.url, {...login, authFactorToken: 'WRONG'}).catch((error: unknown) => error);
			assert.ok(wrong instanceof ServiceError && wrong.kind === 'auth-factor-required' && wrong.details.errorName === 'InvalidToken');
			const session = await createSession(standIn.url, {...login, authFactorToken: 'ABCDE-12345'});
			assert.equal(session.did, account.did);
			const badPassword = await createSession(standIn.url, {...login, password: 'nope'}).catch((error: unknown) => error);
			assert.ok(badPassword instanceof ServiceError && badPassword.kind === 'bad-credentials');
		} finally {
			await standIn.close();
		}
	});

	it('revokes sessions and takes accounts down on request, and counts what it was asked', async () => {
		const standIn = await startBlueskyStandIn({...fast, accounts: [{handle: 'alice.test', password: 'alice-pw'}]});
		try {
			const session = await createSession(standIn.url, {identifier: 'alice.test', password: 'alice-pw'});
			standIn.revokeSessions(session.did);
			const revoked = await refreshSession(standIn.url, session.refreshJwt).catch((error: unknown) => error);
			assert.ok(revoked instanceof ServiceError && revoked.kind === 'needs-login');
			standIn.takeDown(session.did);
			const takenDown = await createSession(standIn.url, {identifier: 'alice.test', password: 'alice-pw'}).catch((error: unknown) => error);
			assert.ok(takenDown instanceof ServiceError && takenDown.kind === 'account-takedown');
			assert.deepEqual(
				{...standIn.counters},
				{requests: 3, loginAttempts: 2, logins: 1, failedLogins: 1, refreshes: 1, refreshesOk: 0, refreshesRejected: 1, getSessions: 0, deleteSessions: 0},
			);
		} finally {
			await standIn.close();
		}
	});

	it('closes promptly with a padded login still pending', async () => {
		const standIn = await startBlueskyStandIn({loginDelayMs: 60_000});
		const account = standIn.createAccount();
		const pending = createSession(standIn.url, {identifier: account.handle, password: account.password}).catch((error: unknown) => error);
		await pollUntil(() => standIn.counters.loginAttempts === 1);
		const startedAt = performance.now();
		await standIn.close();
		assert.ok(performance.now() - startedAt < 1000);
		const outcome = await pending;
		assert.ok(outcome instanceof ServiceError && outcome.kind === 'network');
	});
});

async function pollUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setImmediate(resolve));
	}
}
