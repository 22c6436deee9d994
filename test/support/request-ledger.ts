/**
 * A forwarding proxy in front of a stand-in server that keeps a ledger of what reached it:
 * every request by method and path, and — for the calls that spend a credential (a Zettelstore
 * renewal, a Bluesky refreshSession) — how often each credential was presented (as a hash,
 * never the credential). A credential presented twice means the account was refreshed twice
 * for the same due time. It can also play dead (cut every connection: a server outage) and
 * add headers to answers (e.g. rate-limit headers a server sends).
 */
import {createHash} from 'node:crypto';
import {type IncomingMessage, type ServerResponse, createServer, request as httpRequest} from 'node:http';
import type {Socket} from 'node:net';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import {type ZettelstoreStandIn, startZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {sharedBySuite} from './suite-servers.js';

export interface LedgerProxy {
	url: string;
	/** Requests that reached the server, by "METHOD /path". */
	readonly counts: Map<string, number>;
	/** Cut every connection without an answer while true. */
	down: boolean;
	/** Headers added to answers of "METHOD /path" (e.g. ratelimit-remaining on logins). */
	addHeaders: Map<string, () => Record<string, string>>;
	/** How often each credential (hashed) was presented on "METHOD /path". */
	presented(call: string): Map<string, number>;
	/** Credentials presented more than once on "METHOD /path". */
	repeats(call: string): number;
	close(): Promise<void>;
}

export async function startLedgerProxy(target: string): Promise<LedgerProxy> {
	const upstream = new URL(target);
	const counts = new Map<string, number>();
	const credentials = new Map<string, Map<string, number>>();
	const sockets = new Set<Socket>();
	const proxy: LedgerProxy = {
		url: '',
		counts,
		down: false,
		addHeaders: new Map(),
		presented: call => credentials.get(call) ?? new Map(),
		repeats: call => [...(credentials.get(call)?.values() ?? [])].filter(count => count > 1).length,
		close: async () => {
			const closed = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};

	const note = (request: IncomingMessage): string => {
		const call = `${request.method} ${(request.url ?? '/').split('?')[0]}`;
		counts.set(call, (counts.get(call) ?? 0) + 1);
		const authorization = request.headers.authorization;
		if (authorization && /^bearer /i.test(authorization)) {
			const hash = createHash('sha256').update(authorization.slice(7)).digest('hex').slice(0, 16);
			const byCredential = credentials.get(call) ?? new Map<string, number>();
			byCredential.set(hash, (byCredential.get(hash) ?? 0) + 1);
			credentials.set(call, byCredential);
		}
		return call;
	};

	const forward = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
		const call = note(request);
		const outgoing = httpRequest(
			{hostname: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: {...request.headers, host: upstream.host}},
			answer => {
				const extra = proxy.addHeaders.get(call)?.() ?? {};
				response.writeHead(answer.statusCode ?? 502, {...answer.headers, ...extra});
				answer.pipe(response);
			},
		);
		outgoing.on('error', () => response.destroy());
		outgoing.end(body);
	};

	const server = createServer((request, response) => {
		if (proxy.down) {
			request.socket.destroy();
			return;
		}
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => forward(request, response, Buffer.concat(chunks)));
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		if (proxy.down) socket.destroy();
	});
	proxy.url = await listenOnLoopback(server);
	return proxy;
}

/** A Zettelstore and a Bluesky stand-in whose tokens live `lifetimeSeconds`, each behind a ledger proxy, shared by one describe block. */
export function ledgeredStandInsForSuite(options: {users: Record<string, string>; lifetimeSeconds: number}): {
	zettelstore: () => ZettelstoreStandIn;
	pds: () => BlueskyStandIn;
	zettelstoreLedger: () => LedgerProxy;
	blueskyLedger: () => LedgerProxy;
} {
	const suite = sharedBySuite(async () => {
		const zettelstore = await startZettelstoreStandIn({users: options.users, loginDelayMs: 0, tokenLifetimeSeconds: options.lifetimeSeconds});
		const pds = await startBlueskyStandIn({loginDelayMs: 0, accessLifetimeSeconds: options.lifetimeSeconds, didDocWithSession: false});
		const zettelstoreLedger = await startLedgerProxy(zettelstore.url);
		const blueskyLedger = await startLedgerProxy(pds.url);
		return {
			zettelstore,
			pds,
			zettelstoreLedger,
			blueskyLedger,
			async close() {
				await Promise.all([zettelstoreLedger.close(), blueskyLedger.close()]);
				await Promise.all([zettelstore.close(), pds.close()]);
			},
		};
	});
	return {zettelstore: () => suite().zettelstore, pds: () => suite().pds, zettelstoreLedger: () => suite().zettelstoreLedger, blueskyLedger: () => suite().blueskyLedger};
}
