/**
 * The one way the services talk HTTP: got with a timeout, no blind retries, no redirects
 * followed, a cap on the body size, and failures turned into ServiceErrors whose messages
 * name the host but never a credential.
 */
import type {Got, Method} from 'got';
import {answerTooBig, defaultTimeoutMs, hostOf, maxBodyBytes, networkError} from './http-rules.js';

export {checkServiceUrl, defaultTimeoutMs, hostOf, isInsecureUrl, maxBodyBytes, networkError} from './http-rules.js';

export interface HttpRequest {
	method: Method;
	headers?: Record<string, string>;
	/** Sent as application/json. */
	json?: unknown;
	/** Sent as application/x-www-form-urlencoded. */
	form?: Record<string, string>;
	/** Sent as it is (the caller names its content-type). */
	body?: string | Buffer;
	timeoutMs?: number;
}

export interface HttpAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	contentType: string;
	body: string;
	/** Local time the answer arrived: the base for every expiry computed from it. */
	receivedAt: number;
}

let client: Promise<Got> | undefined;

/**
 * got with tokentop's fixed options set once, so each request merges only what varies (got
 * builds and validates an Options object per request: fewer keys, less work per refresh).
 * Loaded on the first request: a module that only names this one's helpers, or a command that
 * never asks got for anything (`fetch` with a valid OAuth token), does not pay for loading it.
 */
function gotClient(): Promise<Got> {
	client ??= import('got').then(({default: got}) =>
		got.extend({
			headers: {'user-agent': 'tokentop'},
			// Auth calls must never be repeated blindly: a repeated refresh could burn a rotated token.
			retry: {limit: 0},
			followRedirect: false,
			throwHttpErrors: false,
			responseType: 'text',
		}),
	);
	return client;
}

export async function httpRequest(url: string, request: HttpRequest): Promise<HttpAnswer> {
	const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
	const pending = (await gotClient())(url, {
		method: request.method,
		...(request.headers === undefined ? {} : {headers: request.headers}),
		...(request.json === undefined ? {} : {json: request.json}),
		...(request.form === undefined ? {} : {form: request.form}),
		...(request.body === undefined ? {} : {body: request.body}),
		// Whole-request deadline: a server that accepts and never answers, or trickles its body, ends here.
		timeout: {request: timeoutMs},
	});
	let tooBig = false;
	pending.on('downloadProgress', (progress: {transferred: number}) => {
		if (progress.transferred > maxBodyBytes) {
			tooBig = true;
			pending.cancel();
		}
	});
	try {
		const response = await pending;
		const contentType = String(response.headers['content-type'] ?? '');
		return {
			status: response.statusCode,
			headers: response.headers,
			contentType,
			body: response.body,
			receivedAt: Date.now(),
		};
	} catch (error) {
		// The host is worked out only for a message: parsing the URL per request costs.
		const host = hostOf(url);
		if (tooBig) throw answerTooBig(host);
		throw networkError(host, error, timeoutMs);
	}
}
