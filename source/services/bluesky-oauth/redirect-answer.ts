/**
 * The second leg of the browser round trip: the address the browser was sent back to
 * (`…/callback?state=…&iss=…&code=…`, or `?error=…`), whether the loopback receiver caught it
 * or the user pasted it (over SSH the redirect to 127.0.0.1 fails on the user's machine).
 * The state must be this sign-in's and the issuer the server we asked; only then is the code
 * taken. Messages never repeat the code.
 */
import {ServiceError} from '../errors.js';
import {hostOf} from '../http.js';
import {serverWords} from './answers.js';

export interface RedirectExpectation {
	state: string;
	issuer: string;
	/** The server said it sends `iss` (RFC 9207): then it must be there. */
	issRequired: boolean;
}

/** The query of a pasted address; forgiving about quotes, brackets and whitespace around it. */
export function parseRedirectAddress(text: string): URLSearchParams {
	const cleaned = text.trim().replace(/^["'<]+|["'>]+$/g, '');
	const query = cleaned.includes('?') ? cleaned.slice(cleaned.indexOf('?') + 1) : cleaned;
	const params = new URLSearchParams(query.split('#')[0]);
	if (!params.has('state') || (!params.has('code') && !params.has('error'))) {
		throw new ServiceError('usage', 'That is not the address the browser ended on: it should contain state= and code= (copy it from the address bar)');
	}
	return params;
}

/** The authorization code, once the redirect is proven to answer this sign-in. */
export function authorizationCodeOf(params: URLSearchParams, expected: RedirectExpectation): string {
	if (params.get('state') !== expected.state) {
		throw new ServiceError('usage', 'That address belongs to another sign-in (its state does not match this one): use the address of the sign-in tokentop just started');
	}
	const host = hostOf(expected.issuer);
	const iss = params.get('iss');
	if (iss !== null ? iss !== expected.issuer : expected.issRequired) {
		throw new ServiceError('bad-answer', `The sign-in came back from ${iss === null ? 'an unnamed server' : JSON.stringify(iss)}, not from ${expected.issuer}: refusing it`);
	}
	const code = params.get('code');
	const error = params.get('error');
	if (error !== null) {
		const words = serverWords(params.get('error_description') ?? '', [code ?? undefined]);
		const said = `${serverWords(error, [])}${words === '' ? '' : `: ${words}`}`;
		if (error === 'access_denied') throw new ServiceError('bad-credentials', `The sign-in at ${host} was refused (${said}): nothing was stored`, {errorName: error});
		throw new ServiceError('bad-credentials', `${host} ended the sign-in with an error (${said})`, {errorName: error});
	}
	if (code === null || code === '') throw new ServiceError('usage', 'That address carries no authorization code');
	return code;
}
