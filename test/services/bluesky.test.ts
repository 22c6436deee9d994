/**
 * The Bluesky session client against a real PDS (@atproto/pds, in-process, 127.0.0.1), plus
 * small stand-ins for what the open-source PDS never does (email 2FA) or is hard to provoke
 * (server errors, HTML answers).
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {createSession, deleteSession, getSession, refreshSession, type BlueskySession} from '../../source/services/bluesky/api.js';
import {type FailureKind, ServiceError} from '../../source/services/errors.js';
import {expectFailure} from '../support/failures.js';
import {decodeJwt} from '../../source/services/jwt.js';
import {startAuthFactorProxy, type AuthFactorProxy} from '../support/auth-factor-proxy.js';
import {mintJwt, startHostileServer, type HostileServer} from '../support/hostile-server.js';
import {startTestPds, type TestAccount, type TestPds} from '../support/pds.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

let pds: TestPds;
let proxy: AuthFactorProxy;
let stub: HostileServer;
let pdsHost: string;

/** Every password and token the tests saw, and every failure message: none may contain one. */
const secrets = new Set<string>();
const messages: string[] = [];

function remember(value: TestAccount | BlueskySession): void {
	if ('password' in value) secrets.add(value.password);
	if ('accessJwt' in value) {
		secrets.add(value.accessJwt);
		secrets.add(value.refreshJwt);
	}
}

async function newAccount(): Promise<TestAccount> {
	const account = await pds.createAccount();
	remember(account);
	return account;
}

async function login(account: TestAccount, url = pds.url): Promise<BlueskySession> {
	const session = await createSession(url, {identifier: account.handle, password: account.password});
	remember(session);
	return session;
}

/**
 * Remaining life as counted from the server's Date header: whole seconds, sent a moment after
 * the token was signed, so up to a second less than the full lifetime.
 */
function assertRemaining(actualMs: number, lifetimeMs: number): void {
	assert.ok(actualMs <= lifetimeMs && actualMs >= lifetimeMs - 1000, `${actualMs} ms left of ${lifetimeMs} ms`);
}

/** Awaits a failure of the given kind and returns it; the message is checked for secrets. */
async function failure(promise: Promise<unknown>, kind: FailureKind): Promise<ServiceError> {
	const error = await expectFailure(promise, kind, messages);
	assert.doesNotMatch(error.message, /\n/);
	for (const secret of secrets) assert.ok(!error.message.includes(secret), `message contains a secret: ${error.message}`);
	return error;
}

before(async () => {
	const startedAt = performance.now();
	pds = await startTestPds({rateLimitsEnabled: true});
	console.log(`# real PDS started in ${Math.round(performance.now() - startedAt)} ms at ${pds.url}`);
	pdsHost = new URL(pds.url).host;
	proxy = await startAuthFactorProxy({target: pds.url});
	stub = await startHostileServer();
});

after(async () => {
	await proxy?.close();
	await stub?.close();
	await pds?.close();
});

describe('createSession', () => {
	it('logs in by handle and computes expiries from the receive time and the tokens’ own lifetimes', async () => {
		const account = await newAccount();
		const sentAt = Date.now();
		const session = await login(account);
		const answeredAt = Date.now();

		assert.equal(session.did, account.did);
		assert.equal(session.handle, account.handle);
		assert.equal(session.email, account.email);
		assert.equal(session.active, true);
		assert.equal(session.scope, 'com.atproto.access');
		assert.equal(session.pdsUrl, pds.publicUrl, 'the didDoc names the account’s PDS');
		assert.ok(session.receivedAt >= sentAt && session.receivedAt <= answeredAt);
		assert.equal(session.accessExpiresAt - session.accessIssuedAt, 2 * hour);
		assert.ok(session.receivedAt - session.accessIssuedAt <= 1000, 'issued just now');
		assertRemaining(session.accessExpiresAt - session.receivedAt, 2 * hour);
		assertRemaining(session.refreshExpiresAt - session.receivedAt, 90 * day);
		assert.equal(decodeJwt(session.accessJwt).header.typ, 'at+jwt');
		assert.equal(decodeJwt(session.refreshJwt).header.typ, 'refresh+jwt');
	});

	it('logs in by email to the same account', async () => {
		const account = await newAccount();
		const session = await createSession(pds.url, {identifier: account.email, password: account.password});
		remember(session);
		assert.equal(session.did, account.did);
		assert.equal(session.handle, account.handle);
	});

	it('says bad-credentials for a wrong password and for an unknown user, naming the host', async () => {
		const account = await newAccount();
		const wrong = await failure(createSession(pds.url, {identifier: account.handle, password: 'not-the-password'}), 'bad-credentials');
		assert.match(wrong.message, /wrong identifier or password/);
		assert.ok(wrong.message.includes(pdsHost));
		assert.equal(wrong.details.status, 401);
		assert.equal(wrong.details.errorName, 'AuthenticationRequired');
		assert.ok(!wrong.message.includes('not-the-password'));

		await failure(createSession(pds.url, {identifier: 'nobody.test', password: account.password}), 'bad-credentials');
	});

	it('works without the didDoc: then there is no pdsUrl', async () => {
		const plain = await startTestPds({didDocWithSession: false});
		try {
			const account = await plain.createAccount();
			remember(account);
			const session = await createSession(plain.url, {identifier: account.handle, password: account.password});
			remember(session);
			assert.equal(session.pdsUrl, undefined);
			assert.equal(session.did, account.did);
		} finally {
			await plain.close();
		}
	});
});

describe('refreshSession', () => {
	it('rotates the refresh token; the new one works; the old one, within its grace, returns the same successor', async () => {
		const first = await login(await newAccount());
		const second = await refreshSession(pds.url, first.refreshJwt);
		remember(second);
		assert.notEqual(second.refreshJwt, first.refreshJwt);
		assert.equal(second.did, first.did);
		assertRemaining(second.refreshExpiresAt - second.receivedAt, 90 * day);
		assertRemaining(second.accessExpiresAt - second.receivedAt, 2 * hour);

		// Reuse of the rotated token: same successor (same jti), not a new branch.
		const again = await refreshSession(pds.url, first.refreshJwt);
		remember(again);
		assert.equal(decodeJwt(again.refreshJwt).payload.jti, decodeJwt(second.refreshJwt).payload.jti);

		const third = await refreshSession(pds.url, second.refreshJwt);
		remember(third);
		assert.notEqual(decodeJwt(third.refreshJwt).payload.jti, decodeJwt(second.refreshJwt).payload.jti);
		assert.equal((await getSession(pds.url, third.accessJwt)).did, first.did);
	});

	it('says needs-login for an access token, garbage, or an empty token', async () => {
		const session = await login(await newAccount());
		for (const token of [session.accessJwt, 'garbage', '']) {
			const error = await failure(refreshSession(pds.url, token), 'needs-login');
			assert.equal(error.details.status, 400);
			assert.equal(error.details.errorName, 'InvalidToken');
		}
	});
});

describe('getSession', () => {
	it('answers with the account for a valid access token', async () => {
		const account = await newAccount();
		const session = await login(account);
		const info = await getSession(pds.url, session.accessJwt);
		assert.deepEqual(info, {did: account.did, handle: account.handle, email: account.email, active: true});
	});

	it('accepts a token minted like the PDS’s own, and says needs-login once it has expired', async () => {
		const account = await newAccount();
		const fresh = pds.mintAccessJwt(account.did, {expiresInSeconds: 60});
		const expired = pds.mintAccessJwt(account.did, {expiresInSeconds: 60, issuedAt: Math.floor(Date.now() / 1000) - 120});
		secrets.add(fresh);
		secrets.add(expired);
		assert.equal((await getSession(pds.url, fresh)).did, account.did);
		const error = await failure(getSession(pds.url, expired), 'needs-login');
		assert.equal(error.details.status, 400);
		assert.equal(error.details.errorName, 'ExpiredToken');
		assert.match(error.message, /log in again/);
	});

	it('says needs-login for garbage', async () => {
		const error = await failure(getSession(pds.url, 'not.a.token'), 'needs-login');
		assert.equal(error.details.errorName, 'InvalidToken');
	});
});

describe('deleteSession', () => {
	it('ends the session: the refresh token is refused afterwards, the access token lives on until it expires', async () => {
		const session = await login(await newAccount());
		await deleteSession(pds.url, session.refreshJwt);
		const error = await failure(refreshSession(pds.url, session.refreshJwt), 'needs-login');
		assert.equal(error.details.errorName, 'ExpiredToken');
		assert.equal((await getSession(pds.url, session.accessJwt)).did, session.did);
		// Idempotent: deleting again is not an error.
		await deleteSession(pds.url, session.refreshJwt);
	});
});

describe('email two-factor sign-in (proxy in front of the real PDS)', () => {
	it('asks for the code, refuses a wrong one, accepts the emailed one', async () => {
		const account = await newAccount();
		const sentBefore = proxy.codesSent;
		const asked = await failure(createSession(proxy.url, {identifier: account.handle, password: account.password}), 'auth-factor-required');
		assert.equal(proxy.codesSent, sentBefore + 1);
		assert.match(asked.message, /sign-in code/);
		assert.match(asked.message, /--auth-factor/);
		assert.equal(asked.details.status, 401);

		const wrong = await failure(
			createSession(proxy.url, {identifier: account.handle, password: account.password, authFactorToken: 'WRONG-CODE1'}),
			'auth-factor-required',
		);
		assert.match(wrong.message, /did not accept the sign-in code/);
		assert.ok(!wrong.message.includes('WRONG-CODE1'));

		const session = await createSession(proxy.url, {identifier: account.handle, password: account.password, authFactorToken: proxy.code});
		remember(session);
		assert.equal(session.did, account.did);
	});

	it('still says bad-credentials for a wrong password', async () => {
		const account = await newAccount();
		await failure(createSession(proxy.url, {identifier: account.handle, password: 'wrong'}), 'bad-credentials');
	});
});

describe('rate limits', () => {
	it('says rate-limited with the reset time after 30 logins in 5 minutes', async () => {
		// The limit counts attempts per identifier and address, failed ones too. An unknown
		// identifier skips the password hashing, and in parallel the 350 ms login padding is paid once.
		const identifier = `nobody-${Date.now()}.test`;
		const attempts = await Promise.allSettled(Array.from({length: 31}, () => createSession(pds.url, {identifier, password: 'wrong password'})));
		const errors = attempts.map((attempt) => (attempt.status === 'rejected' ? attempt.reason : undefined));
		assert.ok(errors.every((error) => error instanceof ServiceError));
		const kinds = (errors as ServiceError[]).map((error) => error.kind).sort();
		assert.deepEqual(kinds, [...Array(30).fill('bad-credentials'), 'rate-limited']);

		// Once limited, every further attempt is refused until the reset: never retry logins in a loop.
		const error = await failure(createSession(pds.url, {identifier, password: 'wrong password'}), 'rate-limited');
		assert.equal(error.details.status, 429);
		assert.equal(error.details.errorName, 'RateLimitExceeded');
		const resetAt = error.details.resetAt;
		assert.ok(resetAt !== undefined && resetAt > Date.now() && resetAt <= Date.now() + 5 * 60_000 + 1000, `resetAt ${resetAt}`);
		assert.match(error.message, /try again after \d\d:\d\d:\d\d/);
	});

	it('reads ratelimit-reset as epoch seconds', async () => {
		const resetSeconds = Math.floor(Date.now() / 1000) + 120;
		stub.setBehaviour('answer', {
			answer: {
				status: 429,
				headers: {'content-type': 'application/json', 'ratelimit-limit': '30', 'ratelimit-remaining': '0', 'ratelimit-reset': String(resetSeconds), 'ratelimit-policy': '30;w=300'},
				body: JSON.stringify({error: 'RateLimitExceeded', message: 'Rate Limit Exceeded'}),
			},
		});
		const error = await failure(refreshSession(stub.url, 'eyJ.eyJ.sig'), 'rate-limited');
		assert.equal(error.details.resetAt, resetSeconds * 1000);
	});
});

describe('answers that are not what they should be', () => {
	it('says server for a 5xx, with the status', async () => {
		stub.setBehaviour('answer', {answer: {status: 502, headers: {'content-type': 'text/html'}, body: '<html>Bad gateway</html>'}});
		const error = await failure(getSession(stub.url, 'token'), 'server');
		assert.equal(error.details.status, 502);
		assert.ok(error.message.includes(new URL(stub.url).host));
	});

	it('says needs-login for 401 AuthMissing on a token call', async () => {
		stub.setBehaviour('answer', {answer: {status: 401, headers: {'content-type': 'application/json'}, body: '{"error":"AuthMissing","message":"Authentication Required"}'}});
		const error = await failure(getSession(stub.url, 'token'), 'needs-login');
		assert.equal(error.details.errorName, 'AuthMissing');
	});

	it('says account-takedown for AccountTakedown', async () => {
		stub.setBehaviour('answer', {answer: {status: 401, headers: {'content-type': 'application/json'}, body: '{"error":"AccountTakedown","message":"Account has been taken down"}'}});
		await failure(createSession(stub.url, {identifier: 'x.test', password: 'secret-password'}), 'account-takedown');
		stub.setBehaviour('answer', {answer: {status: 400, headers: {'content-type': 'application/json'}, body: '{"error":"AccountTakedown","message":"Account has been taken down"}'}});
		await failure(refreshSession(stub.url, 'token'), 'account-takedown');
	});

	it('says server for an unexpected 4xx, with the error name', async () => {
		stub.setBehaviour('answer', {answer: {status: 400, headers: {'content-type': 'application/json'}, body: '{"error":"InvalidRequest","message":"A request body was provided when none was expected"}'}});
		const error = await failure(refreshSession(stub.url, 'token'), 'server');
		assert.equal(error.details.errorName, 'InvalidRequest');
		assert.match(error.message, /InvalidRequest/);
	});

	it('says bad-answer for HTML, a truncated body, a wrong shape and a token that is not a JWT', async () => {
		const bodies = [
			{headers: {'content-type': 'text/html'}, body: '<html>Welcome</html>'},
			{headers: {'content-type': 'application/json'}, body: '{"accessJwt":"eyJ'},
			{headers: {'content-type': 'application/json'}, body: '{"did":"did:plc:x","handle":"x.test"}'},
			{headers: {'content-type': 'application/json'}, body: JSON.stringify({accessJwt: 'opaque-token', refreshJwt: 'opaque-refresh', did: 'did:plc:x', handle: 'x.test'})},
		];
		for (const answer of bodies) {
			stub.setBehaviour('answer', {answer: {status: 200, ...answer}});
			await failure(createSession(stub.url, {identifier: 'x.test', password: 'secret-password'}), 'bad-answer');
		}
	});
});

describe('expiry on the server’s clock', () => {
	const seconds = () => Math.floor(Date.now() / 1000);

	/** A session answer with the given token claims and the server clock (Date header) at `serverNow`. */
	function answerSession(options: {access: string; refresh?: string; serverNow?: number; extra?: Record<string, unknown>}): void {
		const serverNow = options.serverNow ?? seconds();
		stub.setBehaviour('answer', {
			respond: () => ({
				status: 200,
				headers: {'content-type': 'application/json; charset=utf-8', date: new Date(serverNow * 1000).toUTCString()},
				body: JSON.stringify({
					accessJwt: options.access,
					refreshJwt: options.refresh ?? mintJwt('refresh', {iat: serverNow, exp: serverNow + 90 * 24 * 3600}),
					did: 'did:plc:stub0000000000000000000',
					handle: 'stub.test',
					...options.extra,
				}),
			}),
		});
	}

	it('counts what is left on a server whose clock is an hour ahead', async () => {
		const serverNow = seconds() + 3600;
		answerSession({access: mintJwt('access', {iat: serverNow, exp: serverNow + 7200}), serverNow});
		const fresh = await refreshSession(stub.url, 'refresh-token');
		assertRemaining(fresh.accessExpiresAt - fresh.receivedAt, 2 * hour);

		// Issued ten minutes ago on that clock (still "in the future" on ours): 110 minutes left.
		answerSession({access: mintJwt('access', {iat: serverNow - 600, exp: serverNow + 6600}), serverNow});
		const older = await refreshSession(stub.url, 'refresh-token');
		assert.equal(older.accessExpiresAt - older.receivedAt, 6600_000);
		assert.equal(older.receivedAt - older.accessIssuedAt, 600_000);
	});

	it('shows a token issued 2 h ago, whose exp is already past on the server, as expired', async () => {
		const now = seconds();
		answerSession({access: mintJwt('access', {iat: now - 7260, exp: now - 60})});
		const session = await refreshSession(stub.url, 'refresh-token');
		assert.ok(session.accessExpiresAt <= session.receivedAt - 59_000, 'expired a minute ago');
		assert.equal(session.accessExpiresAt - session.accessIssuedAt, 2 * hour, 'still its own lifetime, for the lifetime bar');
	});

	it('never lets the access token outlive the refresh token', async () => {
		const now = seconds();
		answerSession({access: mintJwt('access', {iat: now, exp: 4_102_444_800}), refresh: mintJwt('refresh', {iat: now, exp: now + 3600})});
		const session = await refreshSession(stub.url, 'refresh-token');
		assert.equal(session.accessExpiresAt, session.refreshExpiresAt);
	});

	it('falls back to 2 h and 90 days for JWTs without iat and exp', async () => {
		const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const bare = (scope: string) => `${encode({typ: 'at+jwt', alg: 'HS256'})}.${encode({scope, sub: 'did:plc:stub'})}.c2lnbmF0dXJl`;
		answerSession({access: bare('com.atproto.appPass'), refresh: bare('com.atproto.refresh')});
		const session = await refreshSession(stub.url, 'refresh-token');
		assert.equal(session.accessExpiresAt - session.receivedAt, 2 * hour);
		assert.equal(session.refreshExpiresAt - session.receivedAt, 90 * day);
		assert.equal(session.scope, 'com.atproto.appPass');
	});

	it('keeps a didDoc’s https or loopback PDS, never plain http to another host', async () => {
		const now = seconds();
		const didDoc = (endpoint: string) => ({didDoc: {id: 'did:plc:stub0000000000000000000', service: [{id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: endpoint}]}});
		const access = mintJwt('access', {iat: now, exp: now + 7200});
		for (const [endpoint, expected] of [
			['https://pds.example/', 'https://pds.example'],
			['http://127.0.0.1:2583', 'http://127.0.0.1:2583'],
			['http://pds.evil.example', undefined],
			['ftp://pds.example', undefined],
		] as const) {
			answerSession({access, extra: didDoc(endpoint)});
			assert.equal((await refreshSession(stub.url, 'refresh-token')).pdsUrl, expected, endpoint);
		}
	});
});

describe('failure messages', () => {
	it('drop control characters and anything shaped like a JWT from the server’s message', async () => {
		const echoed = mintJwt('refresh', {iat: 1, exp: 2});
		stub.setBehaviour('answer', {
			answer: {
				status: 400,
				headers: {'content-type': 'application/json'},
				body: JSON.stringify({error: 'InvalidToken', message: `Token ${echoed} could not be verified\n\u001b[31mat verify\u001b[0m\u0007`}),
			},
		});
		const error = await failure(refreshSession(stub.url, 'some-refresh-token'), 'needs-login');
		// eslint-disable-next-line no-control-regex -- looking for control characters is the point
		assert.doesNotMatch(error.message, /[\u0000-\u001f\u007f-\u009f]/);
		assert.ok(!error.message.includes(echoed));
		assert.match(error.message, /could not be verified/);
	});

	it('never contain a token or a password', (t) => {
		for (const message of messages) t.diagnostic(message);
		assert.ok(messages.length > 10);
		for (const message of messages) {
			for (const secret of secrets) assert.ok(!message.includes(secret), `message contains a secret: ${message}`);
		}
	});
});
