/**
 * What the HTTP layer decides without doing HTTP (so that commands can use it without loading
 * got): the request deadline, failures in words naming the host but never a credential, and
 * which URLs may carry credentials.
 */
import {ServiceError} from './errors.js';
import {codeInWords} from './system-errors.js';

/** Per-request deadline; TOKENTOP_HTTP_TIMEOUT_MS overrides it (tests, slow links). */
export const defaultTimeoutMs = timeoutFromEnvironment(process.env.TOKENTOP_HTTP_TIMEOUT_MS) ?? 15_000;

function timeoutFromEnvironment(value: string | undefined): number | undefined {
	const parsed = Number(value);
	return value && Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}
/** Answers tokentop reads are small (tokens, sessions); anything bigger than this is refused. */
export const maxBodyBytes = 1024 * 1024;

export function answerTooBig(host: string): ServiceError {
	return new ServiceError('bad-answer', `${host} sent an answer larger than ${maxBodyBytes / 1024} KiB`);
}

/** A failed request in words, naming the host (the code follows in parentheses). */
export function networkError(host: string, error: unknown, timeoutMs: number): ServiceError {
	// got's RequestError carries the system's code too.
	const code = (error as {code?: string})?.code;
	switch (code) {
		case 'ETIMEDOUT':
			return new ServiceError('network', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`);
		case 'ECONNREFUSED':
			return new ServiceError('network', `${host} refused the connection (ECONNREFUSED)`);
		case 'ECONNRESET':
		case 'EPIPE':
			return new ServiceError('network', `${host} closed the connection (${code})`);
		case 'ERR_BODY_PARSE_FAILURE':
			return new ServiceError('bad-answer', `${host} sent an unreadable answer`);
		default:
			if (typeof code === 'string' && code.startsWith('HPE_')) return new ServiceError('bad-answer', `${host} did not answer in HTTP`);
			return new ServiceError('network', `${host}: ${code ? codeInWords(code) : 'request failed'}`);
	}
}

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'server';
	}
}

export function isLoopback(hostname: string): boolean {
	const bare = hostname.replace(/^\[|\]$/g, '');
	return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/**
 * Checks a service URL given by the user and returns it without a trailing slash. A bare host
 * (`bsky.social`) means https, except on this machine (`localhost:23123`, `127.0.0.1`), where
 * servers rarely have a certificate and plain http is allowed. Credentials travel only over
 * https, or http to a loopback address, unless `insecure`. `example` names a URL of the right
 * kind in the messages.
 */
export function checkServiceUrl(input: string, options: {insecure?: boolean; example?: string} = {}): string {
	const example = options.example ?? 'https://bsky.social';
	let url: URL;
	try {
		url = new URL(withScheme(input.trim()));
	} catch {
		throw new ServiceError('usage', `Not a URL: ${JSON.stringify(input)} (expected e.g. ${example})`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new ServiceError('usage', `Unsupported URL scheme ${url.protocol} (expected e.g. ${example})`);
	}
	if (url.username || url.password) {
		throw new ServiceError('usage', 'Put credentials on the command line or the prompt, not in the URL');
	}
	if (url.protocol === 'http:' && !isLoopback(url.hostname) && !options.insecure) {
		throw new ServiceError('refused', `Refusing to send credentials over plain http to ${url.host}; use https, or --insecure if you must`);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `host[:port][/path]` without a scheme gets one: https, or http for a loopback host. */
function withScheme(input: string): string {
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(input) || !input) return input;
	const host = /^(\[[^\]]*\]|[^/:?#]*)/.exec(input)?.[1] ?? '';
	return `${isLoopback(host) ? 'http' : 'https'}://${input}`;
}

export function isInsecureUrl(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' && !isLoopback(parsed.hostname);
	} catch {
		return false;
	}
}
