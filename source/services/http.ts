/**
 * The one way the services talk HTTP: got with a timeout, no blind retries, no redirects
 * followed, a cap on the body size, and failures turned into ServiceErrors whose messages
 * name the host but never a credential.
 */
import got, {type Method, RequestError} from 'got';
import {ServiceError} from './errors.js';

/** Per-request deadline; TOKENTOP_HTTP_TIMEOUT_MS overrides it (tests, slow links). */
export const defaultTimeoutMs = timeoutFromEnvironment(process.env.TOKENTOP_HTTP_TIMEOUT_MS) ?? 15_000;

function timeoutFromEnvironment(value: string | undefined): number | undefined {
	const parsed = Number(value);
	return value && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}
/** Token answers are tiny; anything bigger than this is not one. */
export const maxBodyBytes = 1024 * 1024;

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

/**
 * got with tokentop's fixed options set once, so each request merges only what varies (got
 * builds and validates an Options object per request: fewer keys, less work per refresh).
 */
const client = got.extend({
	headers: {'user-agent': 'tokentop'},
	// Auth calls must never be repeated blindly: a repeated refresh could burn a rotated token.
	retry: {limit: 0},
	followRedirect: false,
	throwHttpErrors: false,
	responseType: 'text',
});

export async function httpRequest(url: string, request: HttpRequest): Promise<HttpAnswer> {
	const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
	const pending = client(url, {
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
		if (tooBig) throw new ServiceError('bad-answer', `${host} sent an answer larger than ${maxBodyBytes / 1024} KiB`);
		throw networkError(host, error, timeoutMs);
	}
}

function networkError(host: string, error: unknown, timeoutMs: number): ServiceError {
	const code = error instanceof RequestError ? error.code : (error as {code?: string})?.code;
	switch (code) {
		case 'ETIMEDOUT':
			return new ServiceError('network', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`);
		case 'ECONNREFUSED':
			return new ServiceError('network', `${host} refused the connection`);
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return new ServiceError('network', `${host}: host name not found`);
		case 'ECONNRESET':
		case 'EPIPE':
			return new ServiceError('network', `${host} closed the connection`);
		default:
			if (typeof code === 'string' && code.startsWith('HPE_')) return new ServiceError('bad-answer', `${host} did not answer in HTTP`);
			return new ServiceError('network', `${host}: ${code ?? 'request failed'}`);
		case 'ERR_BODY_PARSE_FAILURE':
			return new ServiceError('bad-answer', `${host} sent an unreadable answer`);
	}
}

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'server';
	}
}

function isLoopback(hostname: string): boolean {
	const bare = hostname.replace(/^\[|\]$/g, '');
	return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Checks a service URL given by the user and returns it without a trailing slash.
 * Credentials travel only over https, or http to a loopback address, unless `insecure`.
 */
export function checkServiceUrl(input: string, options: {insecure?: boolean} = {}): string {
	let url: URL;
	try {
		url = new URL(input);
	} catch {
		throw new ServiceError('usage', `Not a URL: ${JSON.stringify(input)} (expected e.g. https://bsky.social)`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ServiceError('usage', `Unsupported URL scheme ${url.protocol} (use https://)`);
	}
	if (url.username || url.password) {
		throw new ServiceError('usage', 'Put credentials on the command line or the prompt, not in the URL');
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname) && !options.insecure) {
		throw new ServiceError('refused', `Refusing to send credentials over plain http to ${url.host}; use https, or --insecure if you must`);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function isInsecureUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' && !isLoopback(parsed.hostname);
	} catch {
		return false;
	}
}
