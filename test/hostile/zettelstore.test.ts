/**
 * Hostile answers to a Zettelstore renewal (PUT /a), run through the built binary:
 * `tokentop refresh NAME` and `tokentop token NAME` must end with one clear line, the documented
 * exit code, no secret printed, the stored token untouched unless a valid answer came, and no
 * wait beyond the request deadline.
 */
import assert from 'node:assert/strict';
import {describe} from 'node:test';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {type HostileCase, describeOptions, mentionsResetTime, itRunsEveryCase, storedPassword, zettelstoreToken} from './harness.js';

const sexprAnswer = (body: string) => ({answer: {status: 200, headers: {'content-type': 'text/plain; charset=utf-8'}, body}});
const textAnswer = (status: number, body: string, headers: Record<string, string> = {}) => ({answer: {status, headers: {'content-type': 'text/plain; charset=utf-8', ...headers}, body}});
const htmlPage = '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3</center></body></html>\n';

const needsLogin = {code: 3, kept: true, status: 'needs-login'} as const;
const failure = (message: RegExp) => ({code: 4, kept: true, status: 'error', message}) as const;

const cases: HostileCase[] = [
	{
		title: '400 Not authenticated: needs login, token kept',
		options: textAnswer(400, 'Not authenticated\n'),
		expect: {...needsLogin, message: /no longer accept|log in again/},
		followUp: true,
	},
	{title: '401 from a proxy in front: a server failure, token kept', options: textAnswer(401, 'Unauthorized\n', {'www-authenticate': 'Basic realm="proxy"'}), expect: failure(/401/)},
	{title: '403 Forbidden', options: textAnswer(403, 'Forbidden\n'), expect: failure(/403/)},
	{title: '404 Not Found (wrong base URL)', options: textAnswer(404, '404 page not found\n'), expect: failure(/404/)},
	{
		title: '429 with Retry-After and ratelimit-reset: rate limited, the reset time is in the message',
		options: () => textAnswer(429, 'Too Many Requests\n', {'retry-after': '300', 'ratelimit-limit': '30', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300)}),
		expect: failure(/rate.limit/i),
		check: result => assert.ok(mentionsResetTime(result.stderr, Date.now() + 300_000), `reset time in: ${result.stderr.trim()}`),
	},
	{title: '500 Internal Server Error', options: textAnswer(500, 'Internal Server Error\n'), expect: failure(/500/)},
	{title: '502 with an nginx HTML error page', options: {answer: {status: 502, headers: {'content-type': 'text/html'}, body: htmlPage}}, expect: failure(/502/)},
	{title: '503 Service Unavailable with Retry-After', options: textAnswer(503, 'box stopped\n', {'retry-after': '30'}), expect: failure(/503/)},
	{
		title: '200 with an HTML page (captive portal)',
		options: {answer: {status: 200, headers: {'content-type': 'text/html; charset=utf-8'}, body: '<html><body>Please sign in to the hotel wifi</body></html>'}},
		expect: failure(/content type text\/html|unexpected/i),
	},
	{
		title: 'bad s-expression: an unterminated string holding a token',
		options: issue => sexprAnswer(`("Bearer" "${issue(zettelstoreToken())} 600)`),
		expect: failure(/s-expression|unterminated/i),
	},
	{
		title: 's-expression with the scheme and the token swapped',
		options: issue => sexprAnswer(`("${issue(zettelstoreToken())}" "Bearer" 600)`),
		expect: failure(/expected \("Bearer" TOKEN SECONDS\)/),
	},
	{
		title: 's-expression with a lifetime beyond any integer',
		options: issue => sexprAnswer(`("Bearer" "${issue(zettelstoreToken())}" 99999999999999999999999999)`),
		expect: failure(/lifetime/),
	},
	{
		title: 'a token with a line break inside (header injection)',
		options: issue => sexprAnswer(`("Bearer" "${issue(zettelstoreToken())}\\r\\nX-Evil: 1" 600)`),
		expect: failure(/characters not allowed|spaces/),
	},
	{
		title: 'JSON era: truncated JSON',
		options: issue => ({answer: {status: 200, headers: {'content-type': 'application/json'}, body: `{"token":"${issue(zettelstoreToken())}","token_type":"Bea`}}),
		expect: failure(/not valid JSON/),
	},
	{
		title: 'JSON era: JSON of the wrong shape',
		options: {answer: {status: 200, headers: {'content-type': 'application/json'}, body: '{"token":42,"token_type":"Bearer","expires_in":"soon"}'}},
		expect: failure(/token is a number/),
	},
	{title: 'a 10 MB body with a Content-Length', behaviour: 'huge-body', options: {contentType: 'text/plain'}, expect: failure(/larger than/)},
	{title: 'accepts the request and never answers', behaviour: 'never-answer', expect: failure(/did not answer within/)},
	{title: 'a slow body: one byte every 100 ms', behaviour: 'trickle', options: {contentType: 'text/plain'}, expect: failure(/did not answer within/)},
	{title: 'a connection reset right after the request', behaviour: 'reset', expect: failure(/closed the connection/)},
	{title: 'a body shorter than its Content-Length, then close', behaviour: 'short-body', expect: failure(/closed the connection|unreadable|incomplete/)},
	{title: 'bytes that are not HTTP at all', behaviour: 'not-http', expect: failure(/not (speak |answer in )?HTTP|unreadable/i)},
	{
		title: 'a redirect to another host (token in the query is not echoed)',
		options: {answer: {status: 307, headers: {location: 'https://evil.example/a?token=stolen-marker-5521'}, body: ''}},
		expect: failure(/redirected.*evil\.example/),
		check: result => assert.ok(!result.stderr.includes('stolen-marker-5521'), 'the query of the target is not shown'),
	},
	{title: 'a DNS failure (nonexistent.invalid)', target: 'dns', expect: failure(/nonexistent\.invalid/)},
	{title: 'a refused connection', target: 'refused', expect: failure(/refused the connection/)},
	{
		title: 'a valid answer whose token claims an expiry already past: the returned seconds rule',
		options: issue => sexprAnswer(`("Bearer" "${issue(zettelstoreToken({issued: 1_000_000_000, expires: 1_000_000_600}))}" 600)`),
		expect: {code: 0, kept: false, status: 'ok'},
		check: result => {
			const account = result.after as ZettelstoreAccount;
			const left = account.tokenExpiresAt - Date.now();
			assert.ok(left > 590_000 && left <= 600_000, `expiry from the returned 600 s, not the claim (${left} ms left)`);
			assert.equal(account.claims?.expiresAt, 1_000_000_600_000, 'the claim is kept for display');
		},
	},
	{
		title: 'a valid answer whose token claims an expiry in 2099: the returned seconds rule',
		options: issue => sexprAnswer(`("Bearer" "${issue(zettelstoreToken({expires: 4_102_444_800}))}" 600)`),
		expect: {code: 0, kept: false, status: 'ok'},
		check: result => {
			const left = (result.after as ZettelstoreAccount).tokenExpiresAt - Date.now();
			assert.ok(left > 590_000 && left <= 600_000, `expiry from the returned 600 s, not 2099 (${left} ms left)`);
		},
	},
];

/** A remembered password: a 400 on renewal leads to one re-login (POST /a), which meets the hostile answer. */
const remembered = {passwordMemory: 'plaintext', password: storedPassword} as const;
const renewRefusedThen = (login: {status: number; headers?: Record<string, string>; body: string}) => ({
	respond: (request: {method: string}) => (request.method === 'PUT' ? {status: 400, headers: {'content-type': 'text/plain'}, body: 'Not authenticated\n'} : login),
});

cases.push(
	{
		title: 'remembered password: renewal refused, then the re-login is refused too: needs login, one attempt',
		seed: remembered,
		options: renewRefusedThen({status: 401, headers: {'content-type': 'text/plain'}, body: 'Authentication failed\n'}),
		expect: {code: 3, kept: true, status: 'needs-login', message: /remembered password/},
		followUp: true,
		check: result => assert.deepEqual(result.server!.requests.map(request => request.method), ['PUT', 'POST'], 'one renewal, one re-login'),
	},
	{
		title: 'remembered password: renewal refused, the re-login meets a 500: the rejected token is never handed out',
		seed: remembered,
		options: renewRefusedThen({status: 500, headers: {'content-type': 'text/plain'}, body: 'Internal Server Error\n'}),
		expect: {code: 4, kept: true, status: 'needs-login', message: /500/},
		commands: ['refresh'],
		followUp: true,
	},
	{
		title: 'remembered password: renewal refused, the re-login answers garbage: the rejected token is never handed out',
		seed: remembered,
		options: renewRefusedThen({status: 200, headers: {'content-type': 'text/plain'}, body: '("Bearer" "unterminated'}),
		expect: {code: 4, kept: true, status: 'needs-login', message: /s-expression/},
		commands: ['refresh'],
		followUp: true,
	},
);

describe('hostile Zettelstore renewals (PUT /a), through the built binary', describeOptions, () => {
	itRunsEveryCase('zettelstore', cases, (result, testCase) => {
		if (testCase.target === undefined || testCase.target === 'server') {
			const renewals = result.server!.requests.filter(request => request.method === 'PUT' && request.url === '/a');
			assert.equal(renewals.length, 1, 'exactly one renewal was sent, no blind retry');
			if (testCase.seed?.passwordMemory === undefined) assert.equal(result.server!.requests.length, 1, 'and nothing else (no login without a remembered password)');
		}
	});
});
