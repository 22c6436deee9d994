/**
 * Pins the stand-in's answers to the measured examples of protocols.md §2 (status, headers,
 * bodies), in every era, so the stand-in cannot drift from the real server.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {readSexpr, sx} from '../../source/services/zettelstore/sexpr.js';
import {decodeZettelstoreToken} from '../../source/services/zettelstore/token-claims.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn, type ZettelstoreStandInOptions} from '../../source/standins/zettelstore-server.js';

interface RawAnswer {
	status: number;
	headers: Headers;
	body: string;
	elapsedMs: number;
}

async function call(url: string, init: RequestInit = {}): Promise<RawAnswer> {
	const started = performance.now();
	const response = await fetch(url, {redirect: 'manual', ...init});
	const body = await response.text();
	return {status: response.status, headers: response.headers, body, elapsedMs: performance.now() - started};
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const login = (server: ZettelstoreStandIn, user = 'owner', password = 'secret') => call(`${server.url}/a`, {method: 'POST', headers: {authorization: basic(user, password)}});
const renew = (server: ZettelstoreStandIn, token: string, scheme = 'Bearer') => call(`${server.url}/a`, {method: 'PUT', headers: {authorization: `${scheme} ${token}`}});

/** The token out of a ("Bearer" "TOKEN" N) answer. */
function sexprToken(body: string): {token: string; seconds: number} {
	const match = /^\("Bearer" "([^"\\]+)" (\d+)\)$/.exec(body);
	assert.ok(match, `not a token answer: ${body}`);
	return {token: match[1]!, seconds: Number(match[2])};
}

async function withServer(options: ZettelstoreStandInOptions, test: (server: ZettelstoreStandIn) => Promise<void>): Promise<void> {
	const server = await startZettelstoreStandIn(options);
	try {
		await test(server);
	} finally {
		await server.close();
	}
}

function assertAuthFailed(answer: RawAnswer): void {
	assert.equal(answer.status, 401);
	assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
	assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="Default"');
	assert.equal(answer.body, 'Authentication failed\n');
}

function assertNotAuthenticated(answer: RawAnswer): void {
	assert.equal(answer.status, 400);
	assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
	assert.equal(answer.body, 'Not authenticated\n');
}

describe('Zettelstore stand-in, current protocol (s-expressions)', () => {
	let server: ZettelstoreStandIn;
	before(async () => {
		server = await startZettelstoreStandIn({users: {owner: 'secret', reader: 'pw:with:colons'}, loginDelayMs: 150, tokenLifetimeSeconds: 60});
	});
	after(() => server.close());

	it('answers a good login with ("Bearer" "<token>" 60), text/plain, no trailing newline, after the delay', async () => {
		const answer = await login(server);
		assert.equal(answer.status, 200);
		assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
		const {token, seconds} = sexprToken(answer.body);
		assert.equal(seconds, 60);
		assert.ok(!answer.body.endsWith('\n'));
		assert.ok(answer.elapsedMs >= 140, `login took ${answer.elapsedMs} ms`);
		assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
	});

	it('issues v0.13 tokens: base64url((1 "owner" ISSUED EXPIRES ZID)) "." base64url(HMAC-SHA384)', async () => {
		const {token} = sexprToken((await login(server)).body);
		const [claimPart, digestPart] = token.split('.') as [string, string];
		const claim = readSexpr(Buffer.from(claimPart, 'base64url').toString('utf8'));
		assert.equal(claim.type, 'list');
		const items = claim.type === 'list' ? claim.items : [];
		assert.deepEqual(items[0], sx.integer(1));
		assert.deepEqual(items[1], sx.string('owner'));
		assert.deepEqual(items[4], sx.integer(20260101000001));
		const issued = items[2]?.type === 'integer' ? Number(items[2].value) : NaN;
		const expires = items[3]?.type === 'integer' ? Number(items[3].value) : NaN;
		assert.equal(expires - issued, 60);
		assert.ok(Math.abs(issued * 1000 - Date.now()) < 2000);
		assert.equal(Buffer.from(digestPart, 'base64url').length, 48);
		assert.deepEqual(decodeZettelstoreToken(token), {format: 'sexpr', kind: 1, user: 'owner', issuedAt: issued * 1000, expiresAt: expires * 1000, zid: '20260101000001'});
	});

	it('gives the same token for two logins in the same second (deterministic)', async () => {
		const first = server.issueToken('owner', {issuedAt: 1_795_387_317_000});
		const second = server.issueToken('owner', {issuedAt: 1_795_387_317_200});
		assert.equal(first, second);
		assert.notEqual(first, server.issueToken('owner', {issuedAt: 1_795_387_318_000}));
	});

	it('accepts a password containing colons (only the first colon splits Basic)', async () => {
		assert.equal((await login(server, 'reader', 'pw:with:colons')).status, 200);
	});

	it('answers wrong password, unknown user and empty password with 401 after the delay', async () => {
		for (const [user, password] of [['owner', 'wrong'], ['nobody', 'secret'], ['owner', '']] as const) {
			const answer = await login(server, user, password);
			assertAuthFailed(answer);
			assert.ok(answer.elapsedMs >= 140, `${user}/${password ? 'pw' : 'empty'} took ${answer.elapsedMs} ms`);
		}
	});

	it('answers no credentials, empty user and a JSON body with 401 at once', async () => {
		const answers = [
			await call(`${server.url}/a`, {method: 'POST'}),
			await login(server, '', 'secret'),
			await call(`${server.url}/a`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({username: 'owner', password: 'secret'})}),
		];
		for (const answer of answers) {
			assertAuthFailed(answer);
			assert.ok(answer.elapsedMs < 100, `took ${answer.elapsedMs} ms`);
		}
	});

	it('takes form credentials, and a form with a username wins over Basic', async () => {
		const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
			call(`${server.url}/a`, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded', ...headers}, body: new URLSearchParams(fields).toString()});
		assert.equal((await form({username: 'owner', password: 'secret'})).status, 200);
		assertAuthFailed(await form({username: 'owner', password: 'wrong'}, {authorization: basic('owner', 'secret')}));
		assert.equal((await form({username: 'owner', password: 'secret'}, {authorization: basic('owner', 'wrong')})).status, 200);
		// An empty username in the form leaves Basic in charge.
		assert.equal((await form({username: '', password: 'x'}, {authorization: basic('owner', 'secret')})).status, 200);
	});

	it('answers GET/HEAD/OPTIONS on /a with 405 Method Not Allowed', async () => {
		for (const method of ['GET', 'OPTIONS']) {
			const answer = await call(`${server.url}/a`, {method});
			assert.equal(answer.status, 405);
			assert.equal(answer.body, 'Method Not Allowed\n');
		}
		assert.equal((await call(`${server.url}/a`, {method: 'HEAD'})).status, 405);
	});

	it('renews a young token with the same token and the remaining seconds', async () => {
		const issuedAt = server.now() - 2000;
		const token = server.issueToken('owner', {issuedAt, lifetimeSeconds: 60});
		const answer = await renew(server, token);
		assert.equal(answer.status, 200);
		assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
		const renewed = sexprToken(answer.body);
		assert.equal(renewed.token, token);
		assert.ok(renewed.seconds >= 57 && renewed.seconds <= 58, `remaining ${renewed.seconds}`);
		assert.ok(answer.elapsedMs < 100);
	});

	it('renews an older token (past the first quarter) with a new token and the full lifetime', async () => {
		const token = server.issueToken('owner', {issuedAt: server.now() - 20_000, lifetimeSeconds: 60});
		const renewed = sexprToken((await renew(server, token)).body);
		assert.notEqual(renewed.token, token);
		assert.equal(renewed.seconds, 60);
		// The old token is not revoked by the renewal.
		assert.equal((await renew(server, token)).status, 200);
	});

	it('accepts the scheme in any case, with exactly one space', async () => {
		const token = server.issueToken('owner');
		assert.equal((await renew(server, token, 'bearer')).status, 200);
		assert.equal((await renew(server, token, 'BEARER')).status, 200);
		assertNotAuthenticated(await renew(server, ` ${token}`, 'Bearer '));
	});

	it('rejects missing, malformed, tampered, expired and web-UI tokens with 400 Not authenticated', async () => {
		const good = server.issueToken('owner');
		const [claimPart, digestPart] = good.split('.') as [string, string];
		const otherClaim = Buffer.from('(1 "owner" 1 99999999999 20260101000001)').toString('base64url');
		const cases = [
			await call(`${server.url}/a`, {method: 'PUT'}),
			await renew(server, 'garbage'),
			await renew(server, `${claimPart}.${digestPart.slice(0, -2)}AA`),
			await renew(server, `${otherClaim}.${digestPart}`),
			await renew(server, server.issueToken('owner', {issuedAt: server.now() - 61_000, lifetimeSeconds: 60})),
			await renew(server, server.issueToken('owner', {kind: 2})),
			await renew(server, good, 'Basic'),
		];
		for (const answer of cases) assertNotAuthenticated(answer);
	});

	it('rejects every token after a secret change, and tokens of a removed user', async () => {
		const token = server.issueToken('reader');
		server.setUser('reader', undefined);
		assertNotAuthenticated(await renew(server, token));
		server.setUser('reader', 'pw:with:colons');
		assert.equal((await renew(server, token)).status, 200);
		server.setSecret('another secret');
		try {
			assertNotAuthenticated(await renew(server, token));
		} finally {
			server.setSecret('tokentop stand-in secret');
		}
	});

	it('answers GET /x with (2 1 0 "" "7b7788b2e8")', async () => {
		const answer = await call(`${server.url}/x`);
		assert.equal(answer.status, 200);
		assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
		assert.equal(answer.body, '(2 1 0 "" "7b7788b2e8")');
	});

	it('counts logins and renewals', async () => {
		const before = {...server.counters};
		await login(server);
		await login(server, 'owner', 'nope');
		await renew(server, 'garbage');
		assert.equal(server.counters.loginAttempts - before.loginAttempts, 2);
		assert.equal(server.counters.logins - before.logins, 1);
		assert.equal(server.counters.failedLogins - before.failedLogins, 1);
		assert.equal(server.counters.renewals - before.renewals, 1);
		assert.equal(server.counters.renewalsRejected - before.renewalsRejected, 1);
	});
});

describe('Zettelstore stand-in, clock and lifetime options', () => {
	it('uses its own clock (local + offset) for issue times and expiry', async () => {
		await withServer({loginDelayMs: 0, tokenLifetimeSeconds: 60, clockOffsetMs: -3_600_000}, async server => {
			const {token} = sexprToken((await login(server)).body);
			const claims = decodeZettelstoreToken(token);
			assert.ok(Math.abs(claims.issuedAt! - (Date.now() - 3_600_000)) < 2000);
			// Moving the server clock past the expiry makes the same token expired.
			server.setClockOffset(-3_600_000 + 61_000);
			assertNotAuthenticated(await renew(server, token));
		});
	});

	it('defaults to 10 minutes and checks the minutes range 0–60', async () => {
		await withServer({loginDelayMs: 0}, async server => {
			assert.equal(sexprToken((await login(server)).body).seconds, 600);
		});
		await withServer({loginDelayMs: 0, tokenLifetimeMinutes: 60}, async server => {
			assert.equal(sexprToken((await login(server)).body).seconds, 3600);
		});
		await assert.rejects(startZettelstoreStandIn({tokenLifetimeMinutes: 61}), RangeError);
	});

	it('a lifetime of 0 gives 0-second tokens', async () => {
		await withServer({loginDelayMs: 0, tokenLifetimeMinutes: 0}, async server => {
			const answer = sexprToken((await login(server)).body);
			assert.equal(answer.seconds, 0);
		});
	});
});

describe('Zettelstore stand-in with authentication disabled', () => {
	it('answers POST and PUT with ("Bearer" "freeaccess" 316224000) whatever was sent, at once', async () => {
		await withServer({authDisabled: true}, async server => {
			for (const answer of [await call(`${server.url}/a`, {method: 'POST'}), await login(server, 'x', 'y'), await renew(server, 'anything'), await call(`${server.url}/a`, {method: 'PUT'})]) {
				assert.equal(answer.status, 200);
				assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
				assert.equal(answer.body, '("Bearer" "freeaccess" 316224000)');
				assert.ok(answer.elapsedMs < 100);
			}
		});
	});

	it('in the JSON era answers {"token":"freeaccess","token_type":"Bearer","expires_in":316224000}', async () => {
		await withServer({authDisabled: true, era: 'json'}, async server => {
			const answer = await login(server);
			assert.equal(answer.headers.get('content-type'), 'application/json');
			assert.equal(answer.body, '{"token":"freeaccess","token_type":"Bearer","expires_in":316224000}\n');
		});
	});
});

describe('Zettelstore stand-in, JSON era (v0.2–v0.11)', () => {
	let server: ZettelstoreStandIn;
	before(async () => {
		server = await startZettelstoreStandIn({era: 'json', loginDelayMs: 0, tokenLifetimeSeconds: 60});
	});
	after(() => server.close());

	it('answers {"token":"…","token_type":"Bearer","expires_in":N}\\n as application/json with a JWT inside', async () => {
		const answer = await login(server);
		assert.equal(answer.status, 200);
		assert.equal(answer.headers.get('content-type'), 'application/json');
		assert.match(answer.body, /^\{"token":"[^"]+","token_type":"Bearer","expires_in":60\}\n$/);
		const {token} = JSON.parse(answer.body) as {token: string};
		const claims = decodeZettelstoreToken(token);
		assert.equal(claims.format, 'jwt');
		assert.equal(claims.user, 'owner');
		assert.equal(claims.kind, 1);
		assert.equal(claims.zid, '20260101000001');
		assert.equal(claims.expiresAt! - claims.issuedAt!, 60_000);
		const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as unknown;
		assert.deepEqual(header, {alg: 'HS512'});
	});

	it('renews by the first-quarter rule and rejects bad tokens with 400', async () => {
		const young = server.issueToken('owner', {issuedAt: server.now() - 2000, lifetimeSeconds: 60});
		const renewed = JSON.parse((await renew(server, young)).body) as {token: string; expires_in: number};
		assert.equal(renewed.token, young);
		assert.ok(renewed.expires_in >= 57 && renewed.expires_in <= 58);
		const old = server.issueToken('owner', {issuedAt: server.now() - 30_000, lifetimeSeconds: 60});
		const fresh = JSON.parse((await renew(server, old)).body) as {token: string; expires_in: number};
		assert.notEqual(fresh.token, old);
		assert.equal(fresh.expires_in, 60);
		assertNotAuthenticated(await renew(server, `${young}x`));
	});

	it('answers a bad login with the same 401', async () => {
		assertAuthFailed(await login(server, 'owner', 'wrong'));
	});

	it('answers GET /x with JSON {"major":0,"minor":4,…}', async () => {
		const answer = await call(`${server.url}/x`);
		assert.equal(answer.headers.get('content-type'), 'application/json');
		assert.equal(answer.body, '{"major":0,"minor":4,"patch":0,"info":"","hash":"1a2b3c4d5e"}\n');
	});
});

describe('Zettelstore stand-in, 2021 JSON era and v0.12', () => {
	it('2021: answers {"access_token":…,"token_type":"Bearer","expires_in":N}\\n', async () => {
		await withServer({era: 'json-2021', loginDelayMs: 0, tokenLifetimeSeconds: 60}, async server => {
			const answer = await login(server);
			assert.equal(answer.headers.get('content-type'), 'application/json');
			assert.match(answer.body, /^\{"access_token":"[^"]+","token_type":"Bearer","expires_in":60\}\n$/);
		});
	});

	it('v0.12: answers ("Bearer" "<JWT>" N) as text/plain, and JSON on GET /x', async () => {
		await withServer({era: 'v0.12', loginDelayMs: 0, tokenLifetimeSeconds: 60}, async server => {
			const answer = await login(server);
			assert.equal(answer.headers.get('content-type'), 'text/plain; charset=utf-8');
			const {token, seconds} = sexprToken(answer.body);
			assert.equal(seconds, 60);
			assert.equal(decodeZettelstoreToken(token).format, 'jwt');
			assert.equal((await renew(server, token)).status, 200);
			const version = await call(`${server.url}/x`);
			assert.equal(version.headers.get('content-type'), 'application/json');
			assert.match(version.body, /^\{"major":0,"minor":12,/);
		});
	});
});
