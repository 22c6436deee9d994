/**
 * leanHttpRequest (node:http, for `fetch` of OAuth accounts) keeps the rules of httpRequest (got):
 * against the same hostile server, each behaves the same — the answer as it came, redirects not
 * followed, a deadline for silence and for trickling, a cap on the body, and every failure the
 * same kind of ServiceError naming the host.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {type FailureKind, isServiceError} from '../../source/services/errors.js';
import {type HttpAnswer, httpRequest} from '../../source/services/http.js';
import {leanHttpRequest} from '../../source/services/lean-http.js';
import {type BehaviourName, type BehaviourOptions, type HostileServer, startHostileServer} from '../support/hostile-server.js';

const timeoutMs = 400;
let server: HostileServer;
before(async () => {
	server = await startHostileServer();
});
after(() => server?.close());

type Outcome = {answer: Pick<HttpAnswer, 'status' | 'body' | 'contentType'> & {location?: unknown}} | {failure: FailureKind; message: string};

async function outcomeOf(send: () => Promise<HttpAnswer>): Promise<Outcome> {
	try {
		const answer = await send();
		return {answer: {status: answer.status, body: answer.body, contentType: answer.contentType, location: answer.headers.location}};
	} catch (error) {
		assert.ok(isServiceError(error), `not a ServiceError: ${String(error)}`);
		return {failure: error.kind, message: error.message};
	}
}

const cases: Array<{title: string; behaviour: BehaviourName; options?: BehaviourOptions}> = [
	{title: 'an answer, as it came', behaviour: 'answer', options: {answer: {status: 401, headers: {'content-type': 'application/json'}, body: '{"error":"use_dpop_nonce"}'}}},
	{title: 'a redirect, not followed', behaviour: 'answer', options: {answer: {status: 302, headers: {location: 'http://127.0.0.1:9/elsewhere'}, body: ''}}},
	{title: 'no answer at all: the deadline', behaviour: 'never-answer'},
	{title: 'a trickled body: the deadline', behaviour: 'trickle', options: {intervalMs: 50}},
	{title: 'a reset connection', behaviour: 'reset'},
	{title: 'a body larger than the cap', behaviour: 'huge-body', options: {bytes: 3 * 1024 * 1024}},
	{title: 'a chunked body larger than the cap', behaviour: 'huge-body', options: {bytes: 3 * 1024 * 1024, chunked: true}},
	{title: 'bytes that are not HTTP', behaviour: 'not-http'},
];

describe('leanHttpRequest keeps the rules of httpRequest', () => {
	for (const testCase of cases) {
		it(testCase.title, async () => {
			server.setBehaviour(testCase.behaviour, testCase.options);
			const request = {method: 'GET' as const, headers: {accept: 'application/json'}, timeoutMs};
			const got = await outcomeOf(() => httpRequest(`${server.url}/xrpc/x`, request));
			const lean = await outcomeOf(() => leanHttpRequest(`${server.url}/xrpc/x`, request));
			assert.deepEqual(lean, got);
		});
	}

	it('sends the method, headers and body it was given, with tokentop as the agent', async () => {
		server.setBehaviour('answer', {answer: {status: 200, body: '{}'}});
		await leanHttpRequest(`${server.url}/xrpc/com.atproto.repo.createRecord`, {method: 'POST', headers: {'content-type': 'application/json', dpop: 'proof'}, body: '{"a":"ü"}'});
		const seen = server.requests.at(-1)!;
		assert.equal(seen.method, 'POST');
		assert.equal(seen.url, '/xrpc/com.atproto.repo.createRecord');
		assert.equal(seen.body, '{"a":"ü"}');
		assert.equal(seen.headers['user-agent'], 'tokentop');
		assert.equal(seen.headers.dpop, 'proof');
		assert.equal(seen.headers['content-length'], String(Buffer.byteLength('{"a":"ü"}')));
	});
});
