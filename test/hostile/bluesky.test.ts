/**
 * Hostile answers to a Bluesky refreshSession, run through the built binary: `tokentop refresh
 * NAME` and `tokentop token NAME` must end with one clear line, the documented exit code, no
 * token printed, the stored tokens untouched unless a valid answer came, and no wait beyond the
 * request deadline. A refresh rotates the refresh token on the server, so "untouched" matters:
 * a half-read answer must never replace a working refresh token.
 */
import assert from 'node:assert/strict';
import {describe} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import {isInsecureUrl} from '../../source/services/http.js';
import {mintJwt, type Answer} from '../support/hostile-server.js';
import {type HostileCase, type Issue, describeOptions, hasControlCharacter, mentionsResetTime, itRunsEveryCase} from './harness.js';

const refreshPath = '/xrpc/com.atproto.server.refreshSession';
const json = (status: number, body: unknown, headers: Record<string, string> = {}): {answer: Answer} => ({
	answer: {status, headers: {'content-type': 'application/json; charset=utf-8', ...headers}, body: typeof body === 'string' ? body : JSON.stringify(body)},
});
const xrpcError = (status: number, error: string, message: string, headers: Record<string, string> = {}) => json(status, {error, message}, headers);
const cloudflarePage =
	'<!DOCTYPE html>\n<html lang="en-US"><head><title>bsky.social | 502: Bad gateway</title></head><body><div id="cf-error-details"><h1>Bad gateway</h1><span>Error code 502</span><p>Visit <a href="https://www.cloudflare.com/">cloudflare.com</a> for more information.</p></div></body></html>\n';

/** A session answer as a PDS sends it, tokens minted now; `change` alters it. */
function session(issue: Issue, change: {accessIat?: number; accessExp?: number; access?: string; refresh?: string; drop?: string[]; extra?: Record<string, unknown>} = {}): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000);
	const body: Record<string, unknown> = {
		accessJwt: issue(change.access ?? mintJwt('access', {iat: change.accessIat ?? now, exp: change.accessExp ?? now + 7200})),
		refreshJwt: issue(change.refresh ?? mintJwt('refresh', {iat: now, exp: now + 90 * 86_400})),
		handle: 'victim.test',
		did: 'did:plc:hostile0000000000000000',
		email: 'victim@example.test',
		emailConfirmed: true,
		active: true,
		...change.extra,
	};
	for (const key of change.drop ?? []) delete body[key];
	return body;
}
const sessionAnswer = (change: Parameters<typeof session>[1] = {}) => (issue: Issue) => ({respond: () => json(200, session(issue, change)).answer});

const needsLogin = {code: 3, kept: true, status: 'needs-login'} as const;
const failure = (message: RegExp) => ({code: 4, kept: true, status: 'error', message}) as const;

const cases: HostileCase[] = [
	{
		title: '400 ExpiredToken "Token has expired": needs login, tokens kept',
		options: xrpcError(400, 'ExpiredToken', 'Token has expired'),
		expect: {...needsLogin, message: /log in|login/i},
		followUp: true,
	},
	{title: '400 InvalidToken', options: xrpcError(400, 'InvalidToken', 'Token could not be verified'), expect: {...needsLogin, message: /log in|login/i}},
	{title: '401 with ExpiredToken', options: xrpcError(401, 'ExpiredToken', 'Token has expired'), expect: {...needsLogin, message: /log in|login/i}},
	{
		title: 'a rejection whose message echoes the token and carries line breaks and escape codes',
		options: (issue: Issue) => xrpcError(400, 'InvalidToken', `Token ${issue(mintJwt('refresh', {iat: 1, exp: 2}))} could not be verified\n\u001b[31mat verify (/srv/pds/auth.js:12:3)\u001b[0m`),
		expect: {...needsLogin, message: /log in|login/i},
		check: result => assert.ok(!hasControlCharacter(result.stderr.trimEnd()), `no control characters reach the terminal: ${JSON.stringify(result.stderr)}`),
	},
	{title: '403 with an HTML page', options: {answer: {status: 403, headers: {'content-type': 'text/html'}, body: '<html><body><h1>403 Forbidden</h1></body></html>'}}, expect: failure(/403/)},
	{title: '404 XRPCNotSupported', options: xrpcError(404, 'XRPCNotSupported', 'XRPCNotSupported'), expect: failure(/404|not supported/i)},
	{
		title: '429 RateLimitExceeded with ratelimit-reset: the reset time is in the message',
		options: () =>
			xrpcError(429, 'RateLimitExceeded', 'Rate Limit Exceeded', {
				'ratelimit-limit': '30',
				'ratelimit-remaining': '0',
				'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300),
				'ratelimit-policy': '30;w=300',
			}),
		expect: failure(/rate.limit/i),
		check: result => assert.ok(mentionsResetTime(result.stderr, Date.now() + 300_000), `reset time in: ${result.stderr.trim()}`),
	},
	{title: '500 InternalServerError', options: xrpcError(500, 'InternalServerError', 'Internal Server Error'), expect: failure(/500|InternalServerError/)},
	{title: '502 with a Cloudflare HTML page', options: {answer: {status: 502, headers: {'content-type': 'text/html; charset=UTF-8'}, body: cloudflarePage}}, expect: failure(/502/)},
	{title: '503 in plain text', options: {answer: {status: 503, headers: {'content-type': 'text/plain'}, body: 'upstream connect error or disconnect/reset before headers'}}, expect: failure(/503/)},
	{
		title: '200 with an HTML page (captive portal)',
		options: {answer: {status: 200, headers: {'content-type': 'text/html'}, body: '<html><body>Please sign in to the hotel wifi</body></html>'}},
		expect: failure(/not a JSON object \(text\/html\)/),
	},
	{
		title: 'truncated JSON holding fresh tokens',
		options: (issue: Issue) => ({respond: () => ({...json(200, '').answer, body: JSON.stringify(session(issue)).slice(0, 400)})}),
		expect: failure(/JSON/),
	},
	{title: 'JSON of the wrong shape (tokens are numbers)', options: json(200, {accessJwt: 42, refreshJwt: 43, did: 'did:plc:x', handle: 'victim.test'}), expect: failure(/without "accessJwt"/)},
	{title: 'a session without a refreshJwt', options: sessionAnswer({drop: ['refreshJwt']}), expect: failure(/without "refreshJwt"/)},
	{title: 'an accessJwt that is not a JWT', options: sessionAnswer({access: 'not-a-jwt-but-a-marker-e41c9'}), expect: failure(/not a JWT/)},
	{
		// A server clock two hours ahead, or the "same successor" a PDS returns for a refresh token reused within its grace.
		title: 'an access token whose exp is already past (issued 2 h ago): stored, but shown as expired',
		options: issue => ({respond: () => json(200, session(issue, {accessIat: Math.floor(Date.now() / 1000) - 7260, accessExp: Math.floor(Date.now() / 1000) - 60})).answer}),
		expect: {code: 0, kept: false, status: 'ok'},
		commands: ['refresh'],
		check: result => {
			const account = result.after as BlueskyAccount;
			assert.ok(account.accessExpiresAt <= Date.now(), `the stored expiry says expired, not ${new Date(account.accessExpiresAt).toISOString()}`);
		},
	},
	{
		title: 'an access token whose exp is already past is not printed as fresh',
		options: issue => ({respond: () => json(200, session(issue, {accessIat: Math.floor(Date.now() / 1000) - 7260, accessExp: Math.floor(Date.now() / 1000) - 60})).answer}),
		// The rotated refresh token is a valid answer and must be kept; the dead access token must not be handed out.
		expect: {code: 4, kept: false},
		commands: ['token'],
	},
	{
		title: 'an access token whose exp is in 2099: stored, but refreshed before the refresh token dies',
		options: sessionAnswer({accessExp: 4_102_444_800}),
		expect: {code: 0, kept: false, status: 'ok'},
		commands: ['token'],
		check: result => {
			const account = result.after as BlueskyAccount;
			assert.ok(account.accessExpiresAt <= account.refreshExpiresAt, `access expiry ${new Date(account.accessExpiresAt).toISOString()} is after the refresh token's ${new Date(account.refreshExpiresAt).toISOString()}`);
		},
	},
	{
		title: 'a didDoc naming a plain-http PDS on another host: credentials never go there',
		options: issue => ({
			respond: () =>
				json(200, session(issue, {extra: {didDoc: {id: 'did:plc:hostile0000000000000000', service: [{id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: 'http://pds.evil.example'}]}}})).answer,
		}),
		expect: {code: 0, kept: false, status: 'ok'},
		commands: ['refresh'],
		check: result => {
			const {pdsUrl} = result.after as BlueskyAccount;
			assert.ok(pdsUrl === undefined || !isInsecureUrl(pdsUrl), `the next refresh would send the refresh token over plain http to ${pdsUrl}`);
		},
	},
	{title: 'a 10 MB chunked body', behaviour: 'huge-body', options: {chunked: true}, expect: failure(/larger than/)},
	{title: 'accepts the request and never answers', behaviour: 'never-answer', expect: failure(/did not answer within/)},
	{title: 'a slow body: one byte every 100 ms', behaviour: 'trickle', expect: failure(/did not answer within/)},
	{title: 'a connection reset right after the request', behaviour: 'reset', expect: failure(/closed the connection/)},
	{title: 'a connection reset in the middle of the body', behaviour: 'reset-mid-body', expect: failure(/closed the connection/)},
	{
		title: 'a redirect to another host',
		options: {answer: {status: 307, headers: {location: 'https://evil.example/xrpc/com.atproto.server.refreshSession?stolen=marker-8830'}, body: ''}},
		expect: failure(/redirect|307/i),
		check: result => assert.ok(!result.stderr.includes('marker-8830'), 'the query of the target is not shown'),
	},
	{title: 'a DNS failure (nonexistent.invalid)', target: 'dns', expect: failure(/nonexistent\.invalid/)},
	{title: 'a refused connection', target: 'refused', expect: failure(/refused the connection/)},
];

describe('hostile Bluesky refreshSession answers, through the built binary', describeOptions, () => {
	itRunsEveryCase('bluesky', cases, result => {
		if (result.server) {
			const [request, ...more] = result.server.requests;
			assert.equal(more.length, 0, 'exactly one request, no blind retry');
			assert.equal(request?.method, 'POST');
			assert.equal(request?.url, refreshPath);
			assert.equal(request?.headers.authorization, `Bearer ${result.before.service === 'bluesky' ? result.before.refreshJwt : ''}`, 'the stored refresh token is sent');
			assert.equal(request?.body, '', 'no body: refreshSession takes none');
		}
	});
});
