/**
 * One HTTP request on node:http(s) under the rules of http.ts (a whole-request deadline, no
 * redirects followed, no retry, a cap on the body, failures in words naming the host), for the
 * requests a one-shot command makes on every run: `tokentop fetch` of an OAuth account sends
 * one DPoP-signed request, and loading got for it cost more than the request itself.
 */
import {type IncomingMessage, request as plainRequest} from 'node:http';
import {request as tlsRequest} from 'node:https';
import type {HttpAnswer} from './http.js';
import {answerTooBig, defaultTimeoutMs, hostOf, maxBodyBytes, networkError} from './http-rules.js';

export interface LeanRequest {
	method: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	timeoutMs?: number;
}

export function leanHttpRequest(url: string, request: LeanRequest): Promise<HttpAnswer> {
	const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
	const body = request.body === undefined ? undefined : Buffer.from(request.body);
	const headers = {'user-agent': 'tokentop', ...request.headers, ...(body === undefined ? {} : {'content-length': String(body.length)})};
	return new Promise((resolve, reject) => {
		let settled = false;
		const fail = (error: unknown) => {
			if (settled) return;
			settled = true;
			clearTimeout(deadline);
			// Whatever ended the wait, no socket stays open behind it.
			outgoing.destroy();
			reject(error === tooBig ? answerTooBig(hostOf(url)) : networkError(hostOf(url), error, timeoutMs));
		};
		const outgoing = (url.startsWith('https:') ? tlsRequest : plainRequest)(url, {method: request.method, headers});
		// Whole-request deadline: a server that accepts and never answers, or trickles its body, ends here.
		const deadline = setTimeout(() => fail(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'})), timeoutMs);
		outgoing.on('error', fail);
		outgoing.on('response', (response: IncomingMessage) => {
			const chunks: Buffer[] = [];
			let size = 0;
			response.on('data', (chunk: Buffer) => {
				size += chunk.length;
				chunks.push(chunk);
				if (size > maxBodyBytes) fail(tooBig);
			});
			response.on('error', fail);
			response.on('close', () => {
				if (!response.complete) fail(Object.assign(new Error('answer cut off'), {code: 'ECONNRESET'}));
				if (settled) return;
				settled = true;
				clearTimeout(deadline);
				resolve({
					status: response.statusCode ?? 0,
					headers: response.headers,
					contentType: String(response.headers['content-type'] ?? ''),
					body: Buffer.concat(chunks).toString('utf8'),
					receivedAt: Date.now(),
				});
			});
		});
		outgoing.end(body);
	});
}

const tooBig = new Error('answer too big');
