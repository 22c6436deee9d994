/**
 * Email two-factor sign-in in front of a real PDS, which never asks for it itself.
 *
 * Model (after the hosted service and the PDS's own email-token checks):
 * - createSession is forwarded first, so a wrong password still gets the PDS's own
 *   401 AuthenticationRequired.
 * - When the password is right but no `authFactorToken` was sent, the new session is
 *   discarded (deleteSession) and the answer is 401 AuthFactorTokenRequired
 *   "A sign in code has been sent to your email address"; `codesSent` counts these "emails".
 * - With a token: the expected `code` passes the PDS's answer through; any other token is
 *   400 InvalidToken "Token is invalid" (the PDS's answer for a wrong email token).
 * - Every other request is passed through untouched.
 * By default every password login needs a code, as for an account with email 2FA on;
 * `challengeOnce` asks only at the first login.
 */
import {randomBytes} from 'node:crypto';
import {type IncomingMessage, type ServerResponse, createServer, request as httpRequest} from 'node:http';
import {listenOnLoopback} from '../../source/standins/listen.js';

export interface AuthFactorProxyOptions {
	/** The PDS to protect, e.g. http://127.0.0.1:PORT. */
	target: string;
	/** The sign-in code that "arrives by email"; random XXXXX-XXXXX by default. */
	code?: string;
	challengeOnce?: boolean;
}

export interface AuthFactorProxy {
	url: string;
	code: string;
	/** How many sign-in codes were "emailed" so far. */
	readonly codesSent: number;
	close(): Promise<void>;
}

const createSessionPath = '/xrpc/com.atproto.server.createSession';

export async function startAuthFactorProxy(options: AuthFactorProxyOptions): Promise<AuthFactorProxy> {
	const target = new URL(options.target);
	const code = options.code ?? signInCode();
	let codesSent = 0;

	const server = createServer((request, response) => {
		const handled = request.method === 'POST' && request.url?.split('?')[0] === createSessionPath ? login(request, response) : forward(request, response);
		handled.catch((error: unknown) => {
			if (!response.headersSent) sendXrpcError(response, 502, 'UpstreamFailure', `proxy: ${String(error)}`);
			else response.destroy();
		});
	});

	async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const body = await readAll(request);
		const upstream = await send(target, request, body);
		if (upstream.status !== 200) return relay(response, upstream);
		const token = authFactorTokenOf(body);
		if (token === undefined || token === '') {
			if (options.challengeOnce && codesSent > 0) return relay(response, upstream);
			await discardSession(target, upstream.body);
			codesSent++;
			return sendXrpcError(response, 401, 'AuthFactorTokenRequired', 'A sign in code has been sent to your email address');
		}
		if (token !== code) {
			await discardSession(target, upstream.body);
			return sendXrpcError(response, 400, 'InvalidToken', 'Token is invalid');
		}
		relay(response, upstream);
	}

	async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
		relay(response, await send(target, request, await readAll(request)));
	}

	const url = await listenOnLoopback(server);
	return {
		url,
		code,
		get codesSent() {
			return codesSent;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

interface Upstream {
	status: number;
	headers: IncomingMessage['headers'];
	body: Buffer;
}

function signInCode(): string {
	const letters = randomBytes(10).toString('base64url').replace(/[-_]/g, 'x').toUpperCase().slice(0, 10);
	return `${letters.slice(0, 5)}-${letters.slice(5)}`;
}

function authFactorTokenOf(body: Buffer): string | undefined {
	try {
		const value = (JSON.parse(body.toString('utf8')) as {authFactorToken?: unknown}).authFactorToken;
		return typeof value === 'string' ? value : undefined;
	} catch {
		return undefined;
	}
}

/** Ends a session the PDS opened although the proxy refuses the login. */
async function discardSession(target: URL, loginAnswer: Buffer): Promise<void> {
	const {refreshJwt} = JSON.parse(loginAnswer.toString('utf8')) as {refreshJwt: string};
	await fetch(new URL('/xrpc/com.atproto.server.deleteSession', target), {
		method: 'POST',
		headers: {authorization: `Bearer ${refreshJwt}`},
	});
}

function readAll(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function send(target: URL, original: IncomingMessage, body: Buffer): Promise<Upstream> {
	return new Promise((resolve, reject) => {
		// Identity encoding: the proxy reads login answers, and relays every body as it got it.
		const headers = {...original.headers, host: target.host};
		delete headers['accept-encoding'];
		const outgoing = httpRequest(
			{hostname: target.hostname, port: target.port, path: original.url, method: original.method, headers},
			(incoming) => {
				readAll(incoming).then((answer) => resolve({status: incoming.statusCode ?? 502, headers: incoming.headers, body: answer}), reject);
			},
		);
		outgoing.on('error', reject);
		outgoing.end(body.length > 0 ? body : undefined);
	});
}

function relay(response: ServerResponse, upstream: Upstream): void {
	// The body was read whole (and decoded by nobody), so its length is known again.
	const headers = {...upstream.headers, 'content-length': String(upstream.body.length)};
	delete headers['transfer-encoding'];
	response.writeHead(upstream.status, headers);
	response.end(upstream.body);
}

function sendXrpcError(response: ServerResponse, status: number, error: string, message: string): void {
	const body = JSON.stringify({error, message});
	response.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body)});
	response.end(body);
}
