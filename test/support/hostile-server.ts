/**
 * A hostile stand-in for any token endpoint: one node:http server on 127.0.0.1 (port 0) whose
 * behaviour is switched per test. It answers every request the same way, whatever the path, and
 * records what it was asked. Behaviours below the HTTP layer (never answering, resetting,
 * trickling, a 10 MB body, bytes that are not HTTP) work on the raw socket.
 *
 * close() destroys every open socket and clears every timer, so the test runner can exit even
 * after a behaviour that never ends an answer.
 */
import {createHmac, randomBytes} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {listenOnLoopback} from '../../source/standins/listen.js';

/** A plain answer: status, headers, body. */
export interface Answer {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

export type BehaviourName =
	/** Answers with `answer` (or what `respond` returns for the request). */
	| 'answer'
	/** Reads the request and never writes a byte back; the connection stays open. */
	| 'never-answer'
	/** Sends the status line and headers, then one byte of body every `intervalMs`, forever. */
	| 'trickle'
	/** Resets the connection (TCP RST) as soon as the request arrived. */
	| 'reset'
	/** Sends headers and half of a body, then resets the connection. */
	| 'reset-mid-body'
	/** A 200 whose body is `bytes` long (default 10 MB), with a Content-Length or chunked. */
	| 'huge-body'
	/** Announces a Content-Length, sends fewer bytes and closes the connection. */
	| 'short-body'
	/** Writes bytes that are not an HTTP answer at all, then closes. */
	| 'not-http';

export interface BehaviourOptions {
	answer?: Answer;
	/** Computes the answer from the request (e.g. to mint tokens with the current time). */
	respond?: (request: RecordedRequest) => Answer;
	/** trickle: milliseconds between bytes (default 100). */
	intervalMs?: number;
	/** huge-body: size in bytes (default 10 MB). */
	bytes?: number;
	/** huge-body: send without a Content-Length (chunked). */
	chunked?: boolean;
	/** huge-body, trickle, short-body, reset-mid-body: the Content-Type sent (default application/json). */
	contentType?: string;
}

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** performance.now() when the whole request had arrived. */
	receivedAt: number;
	/** performance.now() when its connection closed (whoever closed it); unset while open. */
	closedAt?: number;
}

export interface HostileServer {
	/** http://127.0.0.1:PORT, no trailing slash. */
	readonly url: string;
	/** Every request received, in order. */
	readonly requests: RecordedRequest[];
	setBehaviour(name: BehaviourName, options?: BehaviourOptions): void;
	close(): Promise<void>;
}

export const tenMegabytes = 10 * 1024 * 1024;

export async function startHostileServer(): Promise<HostileServer> {
	let behaviour: {name: BehaviourName; options: BehaviourOptions} = {name: 'answer', options: {answer: {status: 404, body: ''}}};
	const requests: RecordedRequest[] = [];
	const sockets = new Set<Socket>();
	const timers = new Set<NodeJS.Timeout>();

	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const recorded: RecordedRequest = {
				method: request.method ?? '',
				url: request.url ?? '',
				headers: request.headers,
				body: Buffer.concat(chunks).toString('utf8'),
				receivedAt: performance.now(),
			};
			requests.push(recorded);
			if (request.socket.destroyed) recorded.closedAt = recorded.receivedAt;
			else request.socket.once('close', () => (recorded.closedAt ??= performance.now()));
			behave(behaviour.name, behaviour.options, recorded, request, response);
		});
	});
	// Clients that give up mid-answer make writes fail: that is expected here, never a crash.
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	// The never-answer behaviour must not be cut short by the server's own timeouts.
	server.requestTimeout = 0;
	server.headersTimeout = 0;
	server.keepAliveTimeout = 1;

	function every(intervalMs: number, task: () => void, socket: Socket): void {
		const timer = setInterval(task, intervalMs);
		timers.add(timer);
		socket.on('close', () => {
			clearInterval(timer);
			timers.delete(timer);
		});
	}

	function behave(name: BehaviourName, options: BehaviourOptions, recorded: RecordedRequest, request: IncomingMessage, response: ServerResponse): void {
		const socket = request.socket;
		const contentType = options.contentType ?? 'application/json';
		switch (name) {
			case 'answer': {
				const answer = options.respond?.(recorded) ?? options.answer ?? {status: 200, body: ''};
				const body = answer.body ?? '';
				response.writeHead(answer.status, {'content-length': String(Buffer.byteLength(body)), ...answer.headers});
				response.end(body);
				return;
			}
			case 'never-answer':
				return;
			case 'trickle': {
				response.writeHead(200, {'content-type': contentType});
				response.write('{');
				every(options.intervalMs ?? 100, () => response.write(' '), socket);
				return;
			}
			case 'reset':
				socket.resetAndDestroy();
				return;
			case 'reset-mid-body': {
				const body = '{"accessJwt":"eyJhbGciOiJIUzI1NiJ9.half';
				response.writeHead(200, {'content-type': contentType, 'content-length': String(body.length * 2)});
				response.write(body, () => setImmediate(() => socket.resetAndDestroy()));
				return;
			}
			case 'huge-body': {
				const total = options.bytes ?? tenMegabytes;
				response.writeHead(200, {'content-type': contentType, ...(options.chunked ? {} : {'content-length': String(total)})});
				const block = Buffer.alloc(64 * 1024, 'a');
				let sent = 0;
				const pump = () => {
					while (sent < total && !socket.destroyed) {
						const size = Math.min(block.length, total - sent);
						sent += size;
						if (!response.write(size === block.length ? block : block.subarray(0, size))) {
							response.once('drain', pump);
							return;
						}
					}
					if (sent >= total && !socket.destroyed) response.end();
				};
				pump();
				return;
			}
			case 'short-body': {
				const body = '{"accessJwt":"eyJ';
				response.writeHead(200, {'content-type': contentType, 'content-length': '4096'});
				response.write(body, () => socket.end());
				return;
			}
			case 'not-http':
				socket.end('SSH-2.0-OpenSSH_9.6 this is not http\r\n\r\n');
				return;
		}
	}

	const url = await listenOnLoopback(server);

	return {
		url,
		requests,
		setBehaviour(name, options = {}) {
			behaviour = {name, options};
		},
		async close() {
			for (const timer of timers) clearInterval(timer);
			timers.clear();
			const closed = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			server.closeAllConnections();
			await closed;
		},
	};
}

/** A port on 127.0.0.1 nobody listens on (bound once, then released): connecting is refused. */
export async function refusedUrl(): Promise<string> {
	const server = createServer();
	const url = await listenOnLoopback(server);
	await new Promise<void>(resolve => server.close(() => resolve()));
	return url;
}

/** Mints an HS256 JWT like a PDS does (header, claims, signature); `marker` makes it unique and findable. */
export function mintJwt(kind: 'access' | 'refresh', claims: {iat: number; exp: number; sub?: string}, marker = randomBytes(6).toString('hex')): string {
	const header = kind === 'access' ? {typ: 'at+jwt', alg: 'HS256'} : {typ: 'refresh+jwt', alg: 'HS256'};
	const payload = {
		scope: kind === 'access' ? 'com.atproto.access' : 'com.atproto.refresh',
		aud: 'did:web:hostile.test',
		sub: claims.sub ?? 'did:plc:hostile0000000000000000',
		...(kind === 'refresh' ? {jti: `${marker}${randomBytes(8).toString('base64url')}`} : {nonce: marker}),
		iat: claims.iat,
		exp: claims.exp,
	};
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const unsigned = `${encode(header)}.${encode(payload)}`;
	const signature = createHmac('sha256', `hostile secret ${marker}`).update(unsigned).digest('base64url');
	return `${unsigned}.${signature}`;
}
