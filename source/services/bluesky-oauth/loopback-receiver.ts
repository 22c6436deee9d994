/**
 * The loopback redirect target: a tiny HTTP server on 127.0.0.1 (a random free port) that
 * waits for the browser to come back with `?state=…&code=…`, answers with a short "you can
 * close this tab" page, and hands the query to the sign-in. Requests for other paths or with
 * another state are turned away and do not end the wait.
 */
import {createServer, type ServerResponse} from 'node:http';
import {type AddressInfo} from 'node:net';
import {ServiceError} from '../errors.js';
import {callbackPath, loopbackRedirectUri} from './loopback-client.js';

export interface LoopbackReceiver {
	port: number;
	/** http://127.0.0.1:PORT/callback */
	redirectUri: string;
	/** The query of the first redirect carrying this state; rejects when `signal` aborts. */
	waitForRedirect(state: string, signal?: AbortSignal): Promise<URLSearchParams>;
	close(): Promise<void>;
}

interface Waiter {
	state: string;
	resolve(params: URLSearchParams): void;
}

export async function startLoopbackReceiver(): Promise<LoopbackReceiver> {
	const waiters = new Set<Waiter>();
	const server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://127.0.0.1');
		if (request.method !== 'GET' || url.pathname !== callbackPath) return page(response, 404, 'Not found', 'This address is not part of a tokentop sign-in.');
		const state = url.searchParams.get('state');
		const waiter = [...waiters].find((candidate) => candidate.state === state);
		if (waiter === undefined) return page(response, 400, 'Not this sign-in', 'tokentop is not waiting for this sign-in. Start it again from the terminal.');
		waiters.delete(waiter);
		const error = url.searchParams.get('error');
		if (error === null) page(response, 200, 'Signed in', 'tokentop got your sign-in. You can close this tab and go back to the terminal.');
		else page(response, 200, 'Sign-in not completed', `The server answered “${escapeHtml(error)}”. You can close this tab; the terminal says what to do next.`);
		waiter.resolve(url.searchParams);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	return {
		port,
		redirectUri: loopbackRedirectUri(port),
		waitForRedirect(state, signal) {
			return new Promise((resolve, reject) => {
				const waiter: Waiter = {
					state,
					resolve: (params) => {
						signal?.removeEventListener('abort', onAbort);
						resolve(params);
					},
				};
				const onAbort = () => {
					waiters.delete(waiter);
					// The canceller's own reason when it gave one (a timeout, Ctrl-C), else a plain one.
					reject(signal?.reason instanceof ServiceError ? signal.reason : new ServiceError('usage', 'The sign-in was cancelled before the browser came back'));
				};
				if (signal?.aborted) return onAbort();
				signal?.addEventListener('abort', onAbort, {once: true});
				waiters.add(waiter);
			});
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				// A browser keeps its connection open; the sign-in must not wait for it.
				server.closeAllConnections();
			});
		},
	};
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
	const body = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>tokentop: ${title}</title></head>\n<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>\n`;
	response.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': Buffer.byteLength(body),
		// The address holds the code: never cached, never passed on as a referrer.
		'cache-control': 'no-store',
		'referrer-policy': 'no-referrer',
	});
	response.end(body);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
