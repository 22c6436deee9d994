/**
 * A handful of hostile answers through TokenManager.refresh, as the app meets them: the outcome
 * message is what the status line shows, so it must be one line without a token, and the store
 * must keep the credential.
 */
import assert from 'node:assert/strict';
import {describe, it, type TestContext} from 'node:test';
import type {Account} from '../../source/services/account.js';
import type {FailureKind} from '../../source/services/errors.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {tempConfigDir} from '../support/cli.js';
import {mintJwt, startHostileServer, type BehaviourName, type BehaviourOptions} from '../support/hostile-server.js';
import {assertNoSecret, hasControlCharacter, blueskyRecord, credentialOf, describeOptions, mentionsResetTime, timeoutMs, wallMarginMs, zettelstoreRecord, zettelstoreToken} from './harness.js';

// The request deadline is read when the HTTP module loads: set it first, then load the manager.
process.env.TOKENTOP_HTTP_TIMEOUT_MS = String(timeoutMs);
const {TokenManager} = await import('../../source/services/token-manager.js');

interface InProcessCase {
	title: string;
	service: Account['service'];
	behaviour?: BehaviourName;
	options?: (secrets: string[]) => BehaviourOptions;
	target?: 'dns';
	kind: FailureKind;
	status: Account['status'];
	message: RegExp;
	check?: (message: string) => void;
	todo?: string;
}

const cases: InProcessCase[] = [
	{
		title: 'Bluesky 400 InvalidToken whose message echoes the token over two lines',
		service: 'bluesky',
		options: secrets => {
			const echoed = mintJwt('refresh', {iat: 1, exp: 2});
			secrets.push(echoed);
			return {answer: {status: 400, headers: {'content-type': 'application/json'}, body: JSON.stringify({error: 'InvalidToken', message: `Token ${echoed} could not be verified\nat verify (/srv/auth.js:1:1)`})}};
		},
		kind: 'needs-login',
		status: 'needs-login',
		message: /log in|login/i,
	},
	{
		title: 'Bluesky 400 ExpiredToken whose message carries terminal escape codes',
		service: 'bluesky',
		options: () => ({answer: {status: 400, headers: {'content-type': 'application/json'}, body: JSON.stringify({error: 'ExpiredToken', message: 'Token has expired\u001b]0;pwned\u0007\u001b[2J'})}}),
		kind: 'needs-login',
		status: 'needs-login',
		message: /log in|login/i,
	},
	{
		title: 'Bluesky 429 with ratelimit-reset',
		service: 'bluesky',
		options: () => ({
			answer: {
				status: 429,
				headers: {'content-type': 'application/json', 'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 300), 'ratelimit-remaining': '0'},
				body: JSON.stringify({error: 'RateLimitExceeded', message: 'Rate Limit Exceeded'}),
			},
		}),
		kind: 'rate-limited',
		status: 'error',
		message: /rate.limit/i,
		check: message => assert.ok(mentionsResetTime(message, Date.now() + 300_000), `reset time in: ${message}`),
	},
	{
		title: 'Bluesky truncated JSON',
		service: 'bluesky',
		options: () => ({answer: {status: 200, headers: {'content-type': 'application/json'}, body: '{"accessJwt":"eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJIUzI1NiJ9.eyJzY29wZ'}}),
		kind: 'bad-answer',
		status: 'error',
		message: /JSON/,
	},
	{title: 'Bluesky never answers', service: 'bluesky', behaviour: 'never-answer', kind: 'network', status: 'error', message: /did not answer within/},
	{
		title: 'Zettelstore bad s-expression holding a token',
		service: 'zettelstore',
		options: secrets => {
			const token = zettelstoreToken();
			secrets.push(token);
			return {answer: {status: 200, headers: {'content-type': 'text/plain; charset=utf-8'}, body: `("Bearer" "${token} 600)`}};
		},
		kind: 'bad-answer',
		status: 'error',
		message: /s-expression/,
	},
	{title: 'Zettelstore 10 MB body', service: 'zettelstore', behaviour: 'huge-body', options: () => ({contentType: 'text/plain'}), kind: 'bad-answer', status: 'error', message: /larger than/},
	{title: 'Zettelstore connection reset', service: 'zettelstore', behaviour: 'reset', kind: 'network', status: 'error', message: /closed the connection/},
	{
		title: 'Zettelstore 400: needs login',
		service: 'zettelstore',
		options: () => ({answer: {status: 400, headers: {'content-type': 'text/plain'}, body: 'Not authenticated\n'}}),
		kind: 'needs-login',
		status: 'needs-login',
		message: /log in again/,
	},
	{title: 'Zettelstore DNS failure', service: 'zettelstore', target: 'dns', kind: 'network', status: 'error', message: /host name not found/},
];

async function runInProcess(t: TestContext, testCase: InProcessCase): Promise<void> {
	const secrets: string[] = [];
	let url = 'https://nonexistent.invalid';
	if (testCase.target !== 'dns') {
		const server = await startHostileServer();
		t.after(() => server.close());
		server.setBehaviour(testCase.behaviour ?? 'answer', testCase.options?.(secrets));
		url = server.url;
	}
	const dir = tempConfigDir(t);
	const store = TokenStore.open({dir});
	const seeded = testCase.service === 'bluesky' ? blueskyRecord(url) : zettelstoreRecord(url);
	await store.update(() => [seeded]);
	secrets.push(...credentialOf(seeded));
	const manager = new TokenManager(store);
	t.after(() => manager.stop());

	const started = performance.now();
	const outcome = await manager.refresh(seeded.id);
	const wallMs = performance.now() - started;
	assert.ok(wallMs < timeoutMs + wallMarginMs, `took ${Math.round(wallMs)} ms`);
	assert.equal(outcome.ok, false);
	if (outcome.ok) return;
	t.diagnostic(`${outcome.kind}: ${outcome.message}`);
	assert.equal(outcome.kind, testCase.kind);
	assert.doesNotMatch(outcome.message, /[\r\n]/, 'one line');
	assert.ok(!hasControlCharacter(outcome.message), 'no control characters');
	assert.ok(outcome.message.length > 0 && outcome.message.length < 300, 'short and not empty');
	assert.match(outcome.message, testCase.message);
	assertNoSecret(outcome.message, secrets, 'the status line');
	testCase.check?.(outcome.message);

	const after = TokenStore.open({dir}).find(seeded.id);
	assert.ok(after);
	assert.deepEqual(credentialOf(after), credentialOf(seeded), 'the credential is kept');
	assert.equal(after.status, testCase.status);
	const entry = manager.getSnapshot().entries.find(candidate => candidate.account.id === seeded.id);
	assert.equal(entry?.refreshing, false, 'the app shows the refresh as finished');
	assert.equal(entry?.account.status, testCase.status, 'the app shows the new status');
}

describe('hostile answers through TokenManager.refresh (the app status line)', describeOptions, () => {
	for (const testCase of cases) {
		it(testCase.title, testCase.todo ? {todo: testCase.todo} : {}, t => runInProcess(t, testCase));
	}
});
