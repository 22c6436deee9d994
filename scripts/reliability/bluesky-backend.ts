import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http';
import type {Account} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {blueskyAccountFromSession} from '../../source/services/bluesky/credentials.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {listenOnLoopback} from '../../source/standins/listen.js';
import type {ServiceBackend, Verdict} from './backend.js';

/** The stand-in's grace for a rotated refresh token (the PDS's 2 h). */
const refreshGraceMs = 2 * 60 * 60 * 1000;

/** What the server did with one refresh token, as seen in its answers (keyed by the token's jti). */
interface RefreshTokenFate {
	issuedAt: number;
	/** Expiry claim, epoch ms. */
	expiresAt: number;
	/** When a refreshSession presenting it first succeeded: from then on it lives only in the grace. */
	rotatedAt?: number;
	deleted?: boolean;
}

/**
 * The stand-in keeps its refresh-token table to itself, and asking it (refreshSession) would
 * rotate the very token under test. So tokentop talks to it through this recording proxy: every
 * token the server issued, rotated or deleted is noted from the server's own answers, and the
 * per-round check asks this ledger whether the server would accept a stored token now, and
 * whether only thanks to the grace. The last check of a fleet asks the server itself.
 */
class RecordingProxy {
	readonly fates = new Map<string, RefreshTokenFate>();
	/** Successful refreshes that presented a token already rotated (only the grace saved them). */
	graceReuses = 0;
	url = '';
	private readonly server: Server;

	private constructor(private readonly target: string) {
		this.server = createServer((request, response) => {
			this.forward(request, response).catch(() => response.destroy());
		});
	}

	static async start(target: string): Promise<RecordingProxy> {
		const proxy = new RecordingProxy(target);
		proxy.url = await listenOnLoopback(proxy.server);
		return proxy;
	}

	/** Would the server accept this refresh token now, and is it one it already rotated? */
	verdict(refreshJwt: string): Verdict {
		const claims = jwtClaims(refreshJwt);
		const jti = typeof claims?.jti === 'string' ? claims.jti : undefined;
		const fate = jti === undefined ? undefined : this.fates.get(jti);
		const now = Date.now();
		if (!fate) return {ok: false, reason: 'the stored refresh token is not one the server issued'};
		if (fate.deleted) return {ok: false, reason: 'the stored refresh token was deleted (deleteSession)'};
		if (fate.expiresAt <= now) return {ok: false, reason: 'the stored refresh token has expired'};
		if (fate.rotatedAt !== undefined && now - fate.rotatedAt >= refreshGraceMs) return {ok: false, reason: 'the stored refresh token was rotated and its grace is over'};
		return {ok: true, inGrace: fate.rotatedAt !== undefined};
	}

	close(): Promise<void> {
		return new Promise(resolve => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const headers: Record<string, string> = {};
		for (const name of ['authorization', 'content-type', 'accept', 'user-agent']) {
			const value = request.headers[name];
			if (typeof value === 'string') headers[name] = value;
		}
		const answer = await fetch(`${this.target}${request.url ?? '/'}`, {method: request.method, headers, ...(body.length > 0 ? {body} : {})});
		const text = await answer.text();
		if (answer.status === 200) this.note(request, text);
		const contentType = answer.headers.get('content-type');
		response.writeHead(answer.status, {...(contentType ? {'content-type': contentType} : {}), 'content-length': Buffer.byteLength(text)});
		response.end(text);
	}

	private note(request: IncomingMessage, text: string): void {
		const path = (request.url ?? '').split('?')[0];
		const presented = /^bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
		const presentedJti = presented === undefined ? undefined : jwtClaims(presented)?.jti;
		const now = Date.now();
		if (path === '/xrpc/com.atproto.server.deleteSession') {
			const fate = typeof presentedJti === 'string' ? this.fates.get(presentedJti) : undefined;
			if (fate) fate.deleted = true;
			return;
		}
		if (path !== '/xrpc/com.atproto.server.createSession' && path !== '/xrpc/com.atproto.server.refreshSession') return;
		let issued: unknown;
		try {
			issued = (JSON.parse(text) as {refreshJwt?: unknown}).refreshJwt;
		} catch {
			return;
		}
		const claims = typeof issued === 'string' ? jwtClaims(issued) : undefined;
		if (typeof claims?.jti === 'string' && !this.fates.has(claims.jti)) {
			this.fates.set(claims.jti, {issuedAt: now, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY});
		}
		if (path === '/xrpc/com.atproto.server.refreshSession' && typeof presentedJti === 'string') {
			const fate = this.fates.get(presentedJti);
			if (fate && fate.rotatedAt === undefined) fate.rotatedAt = now;
			else if (fate) this.graceReuses++;
		}
	}
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One stand-in PDS behind the recording proxy, one account each. Every refresh rotates the
 * refresh token. No didDoc in the sessions, so tokentop keeps calling the proxy's URL.
 */
export async function blueskyBackend(): Promise<ServiceBackend> {
	const standIn: BlueskyStandIn = await startBlueskyStandIn({loginDelayMs: 0, didDocWithSession: false, refreshGraceSeconds: refreshGraceMs / 1000});
	const proxy = await RecordingProxy.start(standIn.url).catch(async error => {
		await standIn.close();
		throw error;
	});
	return {
		service: 'bluesky',
		async login(count, prefix) {
			const accounts: Account[] = [];
			for (let index = 0; index < count; index++) {
				const name = `${prefix}-${String(index).padStart(2, '0')}`;
				const created = standIn.createAccount(`${name}.test`);
				const session = await bluesky.createSession(proxy.url, {identifier: created.handle, password: created.password});
				accounts.push(blueskyAccountFromSession(session, {name, url: proxy.url, identifier: created.handle}));
			}
			return accounts;
		},
		async verify(account, options) {
			const {refreshJwt, pdsUrl} = account as BlueskyAccount;
			if (pdsUrl !== undefined && pdsUrl !== proxy.url) return {ok: false, reason: `calls went to ${pdsUrl}, past the recording proxy`};
			const verdict = proxy.verdict(refreshJwt);
			if (!options.consume) return verdict;
			// The last word is the server's: a real refreshSession with the stored token.
			try {
				await bluesky.refreshSession(proxy.url, refreshJwt);
				return verdict.ok ? verdict : {ok: false, reason: `the server accepted it, but the ledger said: ${verdict.reason}`};
			} catch (error) {
				return {ok: false, reason: `refreshSession with the stored token: ${(error as Error).message}`};
			}
		},
		async verifyAccess(token) {
			try {
				await bluesky.getSession(proxy.url, token);
				return {ok: true};
			} catch (error) {
				return {ok: false, reason: `getSession: ${(error as Error).message}`};
			}
		},
		graceReuses: () => proxy.graceReuses,
		beforeRound() {},
		requests: () => standIn.counters.requests,
		async close() {
			await proxy.close();
			await standIn.close();
		},
	};
}
