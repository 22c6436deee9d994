/**
 * The Zettelstore client end to end against the stand-in server in every era, plus a tiny
 * ad-hoc server for answers no real Zettelstore gives (garbage, odd statuses).
 */
import assert from 'node:assert/strict';
import {createServer, type IncomingHttpHeaders, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {after, before, describe, it} from 'node:test';
import {ServiceError, type FailureKind} from '../../source/services/errors.js';
import {expectFailure} from '../support/failures.js';
import {authenticate, fetchServerVersion, parseServerVersion, parseTokenAnswer, renew} from '../../source/services/zettelstore/api.js';
import {startZettelstoreStandIn, type ZettelstoreEra, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';

const password = 'pa55:word-Ünï';
const secretsSeen = new Set<string>([password]);
const messagesSeen: string[] = [];

/** A call that must fail; every message is kept for the leak check. */
const failure = (promise: Promise<unknown>, kind: FailureKind) => expectFailure(promise, kind, messagesSeen);

function parseFailure(contentType: string, body: string): string {
	try {
		parseTokenAnswer(contentType, body);
	} catch (error) {
		assert.ok(error instanceof ServiceError);
		assert.equal(error.kind, 'bad-answer');
		messagesSeen.push(error.message);
		return error.message;
	}
	assert.fail(`expected ${JSON.stringify(body)} to be refused`);
}

const eras: Array<{era: ZettelstoreEra; answerEra: 'sexpr' | 'json'; tokenFormat: 'sexpr' | 'jwt'; version: string}> = [
	{era: 'sexpr', answerEra: 'sexpr', tokenFormat: 'sexpr', version: '2.1.0'},
	{era: 'v0.12', answerEra: 'sexpr', tokenFormat: 'jwt', version: '0.12'},
	{era: 'json', answerEra: 'json', tokenFormat: 'jwt', version: '0.4'},
	{era: 'json-2021', answerEra: 'json', tokenFormat: 'jwt', version: '0.0.13'},
];

for (const {era, answerEra, tokenFormat, version} of eras) {
	describe(`Zettelstore client against the stand-in, era ${era}`, () => {
		let server: ZettelstoreStandIn;
		let host: string;
		before(async () => {
			server = await startZettelstoreStandIn({era, users: {owner: password}, loginDelayMs: 20, tokenLifetimeSeconds: 60});
			host = new URL(server.url).host;
		});
		after(() => server.close());

		it('logs in and computes the expiry from the receive time and the returned seconds', async () => {
			const started = Date.now();
			const answer = await authenticate(server.url, 'owner', password);
			secretsSeen.add(answer.token);
			assert.equal(answer.lifetimeSeconds, 60);
			assert.equal(answer.era, answerEra);
			assert.equal(answer.freeAccess, false);
			assert.ok(answer.receivedAt >= started && answer.receivedAt <= Date.now());
			assert.equal(answer.expiresAt, answer.receivedAt + 60_000);
			assert.equal(answer.claims.format, tokenFormat);
			assert.equal(answer.claims.user, 'owner');
			assert.equal(answer.claims.kind, 1);
			assert.equal(answer.claims.zid, '20260101000001');
			assert.equal(server.counters.logins, 1);
		});

		it('reports a wrong password as bad-credentials', async () => {
			const error = await failure(authenticate(server.url, 'owner', 'not-the-password'), 'bad-credentials');
			assert.equal(error.message, `Zettelstore at ${host} rejected user owner: wrong user or password`);
			await failure(authenticate(server.url, 'nobody', password), 'bad-credentials');
		});

		it('renews a young token: same token, remaining seconds, the expiry does not move up', async () => {
			server.setClockOffset(0);
			const login = await authenticate(server.url, 'owner', password);
			// Five seconds pass on the server (first quarter of 60 s is 15 s).
			server.setClockOffset(5000);
			const renewed = await renew(server.url, login.token);
			assert.equal(renewed.token, login.token);
			assert.ok(renewed.lifetimeSeconds >= 54 && renewed.lifetimeSeconds <= 56, `remaining ${renewed.lifetimeSeconds}`);
			assert.equal(renewed.expiresAt, renewed.receivedAt + renewed.lifetimeSeconds * 1000);
			assert.ok(renewed.expiresAt <= login.expiresAt, 'a same-token renewal must not extend the expiry');
			server.setClockOffset(0);
		});

		it('renews an older token with a new token and the full lifetime', async () => {
			server.setClockOffset(0);
			const login = await authenticate(server.url, 'owner', password);
			server.setClockOffset(20_000);
			const renewed = await renew(server.url, login.token);
			secretsSeen.add(renewed.token);
			assert.notEqual(renewed.token, login.token);
			assert.equal(renewed.lifetimeSeconds, 60);
			assert.equal(renewed.claims.format, tokenFormat);
			server.setClockOffset(0);
		});

		it('turns the 400 for an expired token into needs-login', async () => {
			server.setClockOffset(0);
			const login = await authenticate(server.url, 'owner', password);
			server.setClockOffset(61_000);
			const error = await failure(renew(server.url, login.token), 'needs-login');
			assert.equal(error.message, `token no longer accepted by ${host}: log in again`);
			assert.equal(error.details.status, 400);
			server.setClockOffset(0);
			await failure(renew(server.url, 'not-a-token'), 'needs-login');
		});

		it(`reads the server version as ${version}`, async () => {
			assert.equal(await fetchServerVersion(server.url), version);
		});

		it('answers freeaccess when authentication is disabled', async () => {
			server.setAuthDisabled(true);
			try {
				for (const answer of [await authenticate(server.url, 'anyone', 'anything'), await renew(server.url, 'whatever')]) {
					assert.equal(answer.token, 'freeaccess');
					assert.equal(answer.freeAccess, true);
					assert.equal(answer.lifetimeSeconds, 316_224_000);
					assert.equal(answer.era, answerEra);
					assert.deepEqual(answer.claims, {format: 'opaque'});
				}
			} finally {
				server.setAuthDisabled(false);
			}
		});
	});
}

describe('Zettelstore client in real time (short-lived tokens)', () => {
	it('keeps the token in the first quarter, gets a new one after, and needs a login after expiry', async () => {
		const server = await startZettelstoreStandIn({users: {owner: password}, loginDelayMs: 0, tokenLifetimeSeconds: 4});
		try {
			const login = await authenticate(server.url, 'owner', password);
			secretsSeen.add(login.token);
			assert.equal(login.lifetimeSeconds, 4);
			// Poll (not sleep) until the server hands out a new token: age ≥ 1 s of the 4.
			let renewed = await renew(server.url, login.token);
			const deadline = Date.now() + 4000;
			while (renewed.token === login.token && Date.now() < deadline) {
				assert.ok(renewed.expiresAt <= login.expiresAt + 1000, 'a same-token renewal must not extend the expiry');
				await new Promise(resolve => setTimeout(resolve, 100));
				renewed = await renew(server.url, login.token);
			}
			secretsSeen.add(renewed.token);
			assert.notEqual(renewed.token, login.token);
			assert.equal(renewed.lifetimeSeconds, 4);
			// Wait for the computed moment the first token is surely expired on the server
			// (its expiry plus the server's rounding to whole seconds), then renew it.
			const expiredAt = login.expiresAt + 1600;
			while (Date.now() < expiredAt) await new Promise(resolve => setTimeout(resolve, Math.min(200, expiredAt - Date.now() + 1)));
			await failure(renew(server.url, login.token), 'needs-login');
			// The renewal loop above never logged in again.
			assert.equal(server.counters.loginAttempts, 1);
		} finally {
			await server.close();
		}
	});
});

/** A server answering whatever each path's handler says; the base URL is `${url}/<name>`. */
type Canned = {status: number; headers?: Record<string, string>; body?: string};

async function startCannedServer(answers: Record<string, Canned | ((headers: IncomingHttpHeaders) => Canned)>): Promise<{url: string; close: () => Promise<void>}> {
	const server: Server = createServer((request, response) => {
		const name = (request.url ?? '').split('/')[1] ?? '';
		const entry = answers[name];
		const canned = typeof entry === 'function' ? entry(request.headers) : (entry ?? {status: 404, body: 'no such canned answer\n'});
		response.writeHead(canned.status, canned.headers ?? {});
		response.end(canned.body ?? '');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		close: () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

describe('Zettelstore client against odd servers', () => {
	const text = {'content-type': 'text/plain; charset=utf-8'};
	const tokenInAnswer = 'leaky-token-value';
	secretsSeen.add(tokenInAnswer);
	let canned: {url: string; close: () => Promise<void>};
	let host: string;
	before(async () => {
		canned = await startCannedServer({
			html: {status: 200, headers: {'content-type': 'text/html; charset=utf-8'}, body: '<html>login page</html>'},
			badsexpr: {status: 200, headers: text, body: '("Bearer" "unterminated 600)'},
			short: {status: 200, headers: text, body: `("Bearer" "${tokenInAnswer}")`},
			swapped: {status: 200, headers: text, body: `("${tokenInAnswer}" "Bearer" 600)`},
			notext: {status: 200, body: `("Bearer" "${tokenInAnswer}" 600)`},
			badjson: {status: 200, headers: {'content-type': 'application/json'}, body: `{"token":"${tokenInAnswer}",`},
			redirect: {status: 302, headers: {location: 'https://login.example.com/sso?session=abc'}},
			forbidden: {status: 403, headers: text, body: 'Forbidden\n'},
			missing: {status: 404, headers: text, body: '404 page not found\n'},
			method: {status: 405, headers: text, body: 'Method Not Allowed\n'},
			busy: {status: 429, headers: {'retry-after': '30'}},
			broken: {status: 500, headers: text, body: 'Internal Server Error\n'},
			gateway: {status: 502},
			badrequest: {status: 400, headers: text, body: 'Bad Request\n'},
			unauthorized: {status: 401, headers: {...text, 'www-authenticate': 'Bearer realm="Default"'}, body: 'Authentication failed\n'},
			nocontent: {status: 204},
		});
		host = new URL(canned.url).host;
	});
	after(() => canned.close());

	it('refuses answers it cannot read with bad-answer and a precise message', async () => {
		const cases: Array<[string, string]> = [
			['html', `${host}: unexpected content type text/html`],
			['badsexpr', `${host}: answer is not an s-expression: unterminated string starting at 10`],
			['short', `${host}: expected ("Bearer" TOKEN SECONDS), got a list of 2`],
			['swapped', `${host}: expected ("Bearer" TOKEN SECONDS), but the first element is another string`],
			['notext', `${host}: answer has no content type`],
			['badjson', `${host}: answer is not valid JSON`],
		];
		for (const [name, message] of cases) {
			const error = await failure(authenticate(`${canned.url}/${name}`, 'owner', password), 'bad-answer');
			assert.equal(error.message, message);
			const renewError = await failure(renew(`${canned.url}/${name}`, tokenInAnswer), 'bad-answer');
			assert.equal(renewError.message, message);
		}
		assert.equal((await failure(authenticate(`${canned.url}/nocontent`, 'owner', password), 'bad-answer')).message, `${host} answered the login with 204 No Content, expected 200`);
	});

	it('maps statuses: 3xx not followed, 429 rate-limited, 5xx and others server', async () => {
		const redirect = await failure(authenticate(`${canned.url}/redirect`, 'owner', password), 'server');
		assert.equal(redirect.message, `${host} redirected the login to https://login.example.com/sso (302); not followed: check the URL`);
		const busy = await failure(renew(`${canned.url}/busy`, tokenInAnswer), 'rate-limited');
		assert.ok(busy.details.resetAt !== undefined && busy.details.resetAt > Date.now() + 25_000);
		assert.equal((await failure(renew(`${canned.url}/broken`, tokenInAnswer), 'server')).message, `${host} failed the renewal: 500 Internal Server Error`);
		assert.equal((await failure(authenticate(`${canned.url}/gateway`, 'owner', password), 'server')).message, `${host} failed the login: 502 Bad Gateway`);
		for (const [name, status] of [['forbidden', '403 Forbidden'], ['missing', '404 Not Found'], ['method', '405 Method Not Allowed']] as const) {
			const error = await failure(renew(`${canned.url}/${name}`, tokenInAnswer), 'server');
			assert.equal(error.message, `${host} refused the renewal: ${status}`);
		}
		// 400 means "log in again" only for a renewal; for a login it is just a refusal.
		assert.equal((await failure(authenticate(`${canned.url}/badrequest`, 'owner', password), 'server')).message, `${host} refused the login: 400 Bad Request`);
		await failure(renew(`${canned.url}/badrequest`, tokenInAnswer), 'needs-login');
		// 401 means wrong credentials only for a login.
		await failure(authenticate(`${canned.url}/unauthorized`, 'owner', password), 'bad-credentials');
		await failure(renew(`${canned.url}/unauthorized`, tokenInAnswer), 'server');
	});

	it('gives no version for garbage or an unreachable server', async () => {
		assert.equal(await fetchServerVersion(`${canned.url}/html`), undefined);
		assert.equal(await fetchServerVersion(`${canned.url}/badsexpr`), undefined);
		assert.equal(await fetchServerVersion('http://127.0.0.1:1'), undefined);
	});

	it('reports an unreachable server as a network failure', async () => {
		await failure(authenticate('http://127.0.0.1:1', 'owner', password), 'network');
	});
});

describe('parseTokenAnswer', () => {
	it('reads s-expression and JSON answers of every era', () => {
		assert.deepEqual(parseTokenAnswer('text/plain; charset=utf-8', '("Bearer" "abc.def" 600)'), {token: 'abc.def', lifetimeSeconds: 600, freeAccess: false, era: 'sexpr', claims: {format: 'opaque'}});
		assert.equal(parseTokenAnswer('Text/Plain', ' ("bearer" "t" 5) ').lifetimeSeconds, 5);
		assert.equal(parseTokenAnswer('application/json', '{"token":"t","token_type":"Bearer","expires_in":600}\n').era, 'json');
		assert.equal(parseTokenAnswer('application/json; charset=utf-8', '{"access_token":"t","token_type":"Bearer","expires_in":3600}\n').lifetimeSeconds, 3600);
		assert.equal(parseTokenAnswer('text/plain', '("Bearer" "freeaccess" 316224000)').freeAccess, true);
		assert.equal(parseTokenAnswer('application/json', '{"token":"freeaccess","token_type":"Bearer","expires_in":316224000}').freeAccess, true);
	});

	it('names what is wrong, never the token', () => {
		const cases: Array<[string, string, string]> = [
			['text/html', '<html>', 'unexpected content type text/html'],
			['', '("Bearer" "t" 1)', 'answer has no content type'],
			['text/plain', 'Authentication failed\n', 'answer is text/plain but not an s-expression (does not start with "(")'],
			['text/plain', '("Bearer" "t" 600', 'answer is not an s-expression: unterminated list starting at 0'],
			['text/plain', '("Bearer" "t" 600) extra', 'answer is not an s-expression: expected end of input at 19'],
			['text/plain', '("Bearer" "secret-1" 600 7)', 'expected ("Bearer" TOKEN SECONDS), got a list of 4'],
			['text/plain', '(Bearer "secret-1" 600)', 'expected ("Bearer" TOKEN SECONDS), but the first element is a symbol'],
			['text/plain', '("Bearer" secret-1 600)', 'expected ("Bearer" TOKEN SECONDS), but the token is a symbol'],
			['text/plain', '("Bearer" "secret-1" "600")', 'expected ("Bearer" TOKEN SECONDS), but the seconds are a string'],
			['text/plain', '("Bearer" "" 600)', 'the token is empty'],
			['text/plain', '("Bearer" "secret 1" 600)', 'the token contains spaces or characters not allowed in a header'],
			['text/plain', '("Bearer" "secret-1" -5)', 'the lifetime is -5 seconds, expected 0 or more'],
			['text/plain', '("Bearer" "secret-1" 99999999999999999999)', 'the lifetime is not a whole number of seconds in range'],
			['application/json', '[1]', 'expected a JSON object with a token, got an array'],
			['application/json', '{"expires_in":5}', 'JSON answer has neither "token" nor "access_token"'],
			['application/json', '{"token":5,"expires_in":5}', "JSON answer's token is a number, expected a string"],
			['application/json', '{"token":"secret-1","token_type":"MAC","expires_in":5}', 'JSON answer\'s token_type is not "Bearer"'],
			['application/json', '{"token":"secret-1"}', 'JSON answer has no "expires_in"'],
			['application/json', '{"token":"secret-1","expires_in":"5"}', "JSON answer's expires_in is a string, expected a number"],
			['application/json', '{"token":"secret-1","expires_in":1.5}', 'the lifetime is not a whole number of seconds in range'],
		];
		for (const [contentType, body, message] of cases) assert.equal(parseFailure(contentType, body), message, `for ${body}`);
		secretsSeen.add('secret-1');
	});
});

describe('parseServerVersion', () => {
	it('reads both eras and tolerates extras', () => {
		assert.equal(parseServerVersion('text/plain; charset=utf-8', '(2 1 0 "" "7b7788b2e8")'), '2.1.0');
		assert.equal(parseServerVersion('text/plain', '(1 0 2 "dev" "abc")'), '1.0.2-dev');
		assert.equal(parseServerVersion('application/json', '{"major":0,"minor":4,"patch":0,"info":"","hash":"x"}\n'), '0.4');
		assert.equal(parseServerVersion('application/json', '{"major":0,"minor":11,"patch":2}'), '0.11.2');
		assert.equal(parseServerVersion('application/json', '{"minor":4}'), undefined);
		assert.equal(parseServerVersion('text/plain', '(a b c)'), undefined);
		assert.equal(parseServerVersion('text/html', '<p>2.1.0</p>'), undefined);
	});
});

describe('secrets in messages', () => {
	it('no failure message contains a token or the password', () => {
		assert.ok(messagesSeen.length > 30, `only ${messagesSeen.length} messages were checked`);
		for (const message of messagesSeen) {
			for (const secret of secretsSeen) assert.ok(!message.includes(secret), `"${message}" leaks a secret`);
			assert.ok(!message.includes('\n'), `"${message}" is not one line`);
		}
	});
});
