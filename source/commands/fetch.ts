/**
 * `tokentop fetch [NAME] URL|/PATH [-X METHOD] [-H 'K: V']… [-d DATA|@FILE|@-] [-i]`: one HTTP
 * request with the account's credential. A /PATH resolves against the account's own server (a
 * Bluesky account's PDS, a Zettelstore server). The token is refreshed first when it is about to
 * end; an answer saying it expired meanwhile leads to one refresh and one retry. The body goes
 * to stdout as it comes (bytes, not text); -i puts the status line and headers before it.
 * Redirects are not followed: the token goes only where it was sent. Exit 0 for HTTP below 400,
 * 5 for 400 and above (the body is still printed), 4 when no answer came.
 */
import {readFile} from 'node:fs/promises';
import {type IncomingMessage, type OutgoingHttpHeaders, request as plainRequest} from 'node:http';
import {request as tlsRequest} from 'node:https';
import {pipeline} from 'node:stream/promises';
import {type Account, accessTokenOf, needsNoAuth} from '../services/account.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {defaultTimeoutMs, isInsecureUrl, networkError} from '../services/http-rules.js';
import {kindOf} from '../services/kinds.js';
import {type CommandContext, chosenAccount, say} from './context.js';
import {describeShortfall, freshAccount} from './fresh-token.js';
import {type ParsedLine, flag, listOption, secondsOption, stringOption} from './parse.js';
import {readAll} from './prompt.js';

const usage = "Usage: tokentop fetch [NAME] URL|/PATH [-X METHOD] [-H 'NAME: VALUE']… [-d DATA|@FILE|@-] [-i]";

interface Outgoing {
	url: URL;
	method: string;
	headers: Array<[string, string]>;
	body?: Buffer;
}

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	if (line.positionals.length < 1 || line.positionals.length > 2) throw new ServiceError('usage', usage);
	const [name, target] = line.positionals.length === 2 ? line.positionals : [undefined, line.positionals[0]!];
	const body = await requestBody(context, stringOption(line, 'data'));
	const headers = headersOf(listOption(line, 'header'), body);
	const method = (stringOption(line, 'request') ?? (body ? 'POST' : 'GET')).toUpperCase();
	if (!/^[A-Z]+$/.test(method)) throw new ServiceError('usage', `-X takes an HTTP method such as GET or POST, not ${JSON.stringify(method)}`);
	const account = chosenAccount(context, name, 'fetch');
	const outgoing: Outgoing = {url: targetUrl(account, target!, context.insecure), method, headers, ...(body ? {body} : {})};
	let current = account;
	if (!needsNoAuth(account)) {
		const fresh = await freshAccount(context, account, secondsOption(line, 'min-valid', 60));
		if (fresh.shortfall) say(context.stderr, `tokentop: warning: ${describeShortfall(fresh.shortfall, 'used')}`);
		current = fresh.account;
	}
	if (kindOf(current).signsEachRequest) {
		const {fetchSigned} = await import('./signed-requests.js');
		return fetchSigned(context, current, {method, url: outgoing.url.href, headers, ...(body ? {body} : {}), include: flag(line, 'include')});
	}
	let response = await send(withCredential(outgoing, current));
	if (!needsNoAuth(current) && (response.statusCode === 400 || response.statusCode === 401)) {
		// An answer that may say "token expired" is read whole before deciding (such answers are small).
		const answer = await readAll(response).catch((error: unknown) => {
			throw networkError(outgoing.url.host, error, defaultTimeoutMs);
		});
		if (kindOf(current).isExpiredTokenAnswer({status: response.statusCode, body: answer.toString('utf8')})) {
			// Expired between the check and the request (or the clocks disagree): once, never in a loop.
			const {RefreshCoordinator} = await import('../services/refresh.js');
			current = await new RefreshCoordinator(context.store, context.clock).refresh(current.id);
			response = await send(withCredential(outgoing, current));
		} else {
			return finish(context, line, response, outgoing.url.host, answer);
		}
	}
	return finish(context, line, response, outgoing.url.host);
}

/** The request as it goes out for this account: its credential added, when it has one. */
function withCredential(outgoing: Outgoing, account: Account): Outgoing {
	if (needsNoAuth(account)) return outgoing;
	const authorization = `${kindOf(account).tokenType(account)} ${accessTokenOf(account)}`;
	return {...outgoing, headers: [...outgoing.headers, ['authorization', authorization]]};
}

/** A /PATH on the account's own server, or a whole URL that may carry the credential. */
function targetUrl(account: Account, target: string, insecure: boolean): URL {
	if (target.startsWith('/')) return new URL(`${kindOf(account).resourceBaseUrl(account).replace(/\/+$/, '')}${target}`);
	let url: URL;
	try {
		url = new URL(target);
	} catch {
		throw new ServiceError('usage', `fetch takes a URL or a /PATH on the account's own server, not ${JSON.stringify(target)}`);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServiceError('usage', `fetch speaks http and https, not ${url.protocol}`);
	if (url.username || url.password) throw new ServiceError('usage', 'No credentials in the URL: fetch adds the account’s own');
	if (isInsecureUrl(url.href) && !insecure) {
		throw new ServiceError('refused', `Refusing to send ${account.name}'s token over plain http to ${url.host}; use https, or --insecure if you must`);
	}
	return url;
}

/** -H 'Name: value', in order; Authorization is the account's to set. */
function headersOf(given: string[], body: Buffer | undefined): Array<[string, string]> {
	const headers = given.map((text): [string, string] => {
		const colon = text.indexOf(':');
		const name = colon > 0 ? text.slice(0, colon).trim() : '';
		if (!/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) throw new ServiceError('usage', `-H takes 'Name: value', not ${JSON.stringify(text)}`);
		if (name.toLowerCase() === 'authorization') throw new ServiceError('usage', 'fetch sets Authorization from the account; leave it out of -H');
		return [name, text.slice(colon + 1).trim()];
	});
	const has = (name: string) => headers.some(([given]) => given.toLowerCase() === name);
	if (!has('user-agent')) headers.push(['user-agent', 'tokentop']);
	if (body && !has('content-type')) headers.push(['content-type', looksLikeJson(body) ? 'application/json' : 'application/octet-stream']);
	return headers;
}

function looksLikeJson(body: Buffer): boolean {
	try {
		JSON.parse(body.toString('utf8'));
		return true;
	} catch {
		return false;
	}
}

/** -d DATA as it is, -d @FILE read as bytes, -d @- from standard input. */
async function requestBody(context: CommandContext, data: string | undefined): Promise<Buffer | undefined> {
	if (data === undefined) return undefined;
	if (data === '@-') return readAll(context.stdin);
	if (!data.startsWith('@')) return Buffer.from(data, 'utf8');
	try {
		return await readFile(data.slice(1));
	} catch (error) {
		throw new ServiceError('usage', `Cannot read ${data.slice(1)} for -d: ${(error as {code?: string}).code ?? 'unreadable'}`);
	}
}

function send(outgoing: Outgoing): Promise<IncomingMessage> {
	const {url} = outgoing;
	const headers: OutgoingHttpHeaders = {};
	for (const [name, value] of outgoing.headers) {
		const key = name.toLowerCase();
		const before = headers[key];
		headers[key] = before === undefined ? value : [...(Array.isArray(before) ? before : [String(before)]), value];
	}
	if (outgoing.body) headers['content-length'] = outgoing.body.length;
	return new Promise((resolve, reject) => {
		// The deadline is for silence (connecting, or a pause in the answer), not for a long download.
		const request = (url.protocol === 'https:' ? tlsRequest : plainRequest)(url, {method: outgoing.method, headers, timeout: defaultTimeoutMs});
		request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'})));
		// After the answer began, a failure shows on the answer too (see finish); this one is then moot.
		request.on('error', error => reject(networkError(url.host, error, defaultTimeoutMs)));
		request.once('response', resolve);
		request.end(outgoing.body);
	});
}

/** Prints the answer (status line and headers first with -i) and says how it went. */
async function finish(context: CommandContext, line: ParsedLine, response: IncomingMessage, host: string, readBody?: Buffer): Promise<number> {
	const status = response.statusCode ?? 0;
	if (flag(line, 'include')) context.stdout.write(headBlock(response));
	try {
		if (readBody) context.stdout.write(readBody);
		else await pipeline(response, context.stdout, {end: false});
	} catch (error) {
		// The answer broke off (a failure of the server or the way to it), or stdout was closed.
		throw response.complete ? error : networkError(host, error, defaultTimeoutMs);
	}
	const location = response.headers.location;
	if (status >= 300 && status < 400 && location) say(context.stderr, `tokentop: HTTP ${status}: redirected to ${location} (not followed: the token goes only where it was sent)`);
	if (status < 400) return exitCodes.ok;
	say(context.stderr, `tokentop: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${host}`);
	return exitCodes.httpError;
}

/** The status line and headers as they came, as curl -i prints them. */
function headBlock(response: IncomingMessage): string {
	const lines = [`HTTP/${response.httpVersion} ${response.statusCode} ${response.statusMessage ?? ''}`.trimEnd()];
	for (let index = 0; index < response.rawHeaders.length; index += 2) lines.push(`${response.rawHeaders[index]}: ${response.rawHeaders[index + 1]}`);
	return `${lines.join('\r\n')}\r\n\r\n`;
}

