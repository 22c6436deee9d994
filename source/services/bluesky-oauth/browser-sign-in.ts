/**
 * A whole browser sign-in for a command or the app: resolve the account, push the request,
 * hand out the address to open, then take whichever comes first — the browser arriving at the
 * loopback receiver, or the user pasting the address the browser ended on (over SSH the
 * redirect to 127.0.0.1 fails on the user's own machine) — and finish. A pasted line that is
 * not this sign-in's address is said and the wait goes on. Cancelled by `signal`; gives up
 * after `timeoutMs`.
 */
import {formatDuration} from '../../rules/time-format.js';
import {ServiceError} from '../errors.js';
import {startAuthorization} from './authorization-request.js';
import {type LoginTarget, type ResolveOptions, resolveLoginTarget} from './login-target.js';
import {startLoopbackReceiver} from './loopback-receiver.js';
import {type NonceBook} from './nonce-book.js';
import {parseRedirectAddress} from './redirect-answer.js';
import {finishAuthorization} from './sign-in.js';
import {type OAuthTokenSet} from './token-set.js';

export interface BrowserSignInOptions extends ResolveOptions {
	nonces: NonceBook;
	/** Default `atproto transition:generic`. */
	scope?: string;
	/** The address to open: print it on a line of its own, and open a browser when one is there. */
	onAuthorizationUrl(url: string, target: LoginTarget): void | Promise<void>;
	/** What the user pastes (a terminal or a pipe), line by line. */
	pastedLines?: AsyncIterable<string>;
	/** A pasted line was not this sign-in's address: tell the user why; the wait goes on. */
	onPasteRefused?(message: string): void;
	signal?: AbortSignal;
	/** Default 10 minutes. */
	timeoutMs?: number;
}

export async function signInWithBrowser(input: string, options: BrowserSignInOptions): Promise<OAuthTokenSet> {
	const target = await resolveLoginTarget(input, options);
	const receiver = await startLoopbackReceiver();
	const stop = new AbortController();
	const timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
	const timer = setTimeout(() => stop.abort(new ServiceError('usage', `No sign-in came back within ${formatDuration(timeoutMs)}: start it again`)), timeoutMs);
	const cancel = () => stop.abort(new ServiceError('usage', 'The sign-in was cancelled'));
	options.signal?.addEventListener('abort', cancel, {once: true});
	if (options.signal?.aborted) cancel();
	try {
		const pending = await startAuthorization(target, options.nonces, {redirectUri: receiver.redirectUri, ...(options.scope === undefined ? {} : {scope: options.scope})});
		await options.onAuthorizationUrl(pending.authorizationUrl, target);
		const stopped = new Promise<never>((_resolve, reject) => {
			if (stop.signal.aborted) reject(stop.signal.reason);
			stop.signal.addEventListener('abort', () => reject(stop.signal.reason), {once: true});
		});
		const redirect = await Promise.race([
			stopped,
			receiver.waitForRedirect(pending.state, stop.signal),
			...(options.pastedLines === undefined ? [] : [firstPastedRedirect(options.pastedLines, pending.state, options.onPasteRefused, stop.signal)]),
		]);
		return await finishAuthorization(pending, redirect, options.nonces, options);
	} finally {
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', cancel);
		stop.abort();
		await receiver.close();
	}
}

/** The first pasted line that is this sign-in's redirect address; never resolves when none is. */
async function firstPastedRedirect(lines: AsyncIterable<string>, state: string, refused: ((message: string) => void) | undefined, signal: AbortSignal): Promise<URLSearchParams> {
	for await (const line of lines) {
		if (signal.aborted) break;
		if (line.trim() === '') continue;
		try {
			const params = parseRedirectAddress(line);
			if (params.get('state') === state) return params;
			refused?.('That address belongs to another sign-in: paste the one this sign-in ended on');
		} catch (error) {
			refused?.(error instanceof ServiceError ? error.message : 'That is not the address the browser ended on');
		}
	}
	// Input ended (or the wait did): the loopback receiver may still get it.
	return new Promise<never>(() => undefined);
}
