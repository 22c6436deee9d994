/**
 * What the real PDS's OAuth provider does with refresh tokens, watched in-process: every
 * rotation (which account, when its new refresh token was committed to the database and when
 * the answer was ready to go out), and every refresh refused as "Refresh token replayed" (each
 * one deleted a whole session). Also OAuth sign-ins straight into a tokentop store, the consent
 * given without a browser.
 */
import {type IncomingMessage, type ServerResponse} from 'node:http';
import {type Account} from '../../source/services/account.js';
import {login} from '../../source/services/sessions.js';
import {type TokenStore} from '../../source/services/store/token-store.js';
import {driveConsent} from './oauth-consent.js';
import {type TestAccount, type TestPds} from './pds.js';

export interface Rotation {
	did: string;
	/** performance.timeOrigin + performance.now() (epoch ms, sub-ms) when the new refresh token was committed. */
	committedAt: number;
	/** The same clock when the token answer was ready to be sent. */
	answeredAt: number;
}

export interface OAuthLedger {
	rotations: Rotation[];
	/** Refreshes the server refused as "Refresh token replayed". */
	replays: number;
	/** Requests to the token endpoint the server is still working on (it finishes them even when the client is gone). */
	tokenRequestsInFlight: number;
	stop(): void;
}

/** The clock of the ledger, of kill moments and of tokentop's trace lines: epoch ms with fractions. */
export function preciseNow(): number {
	return performance.timeOrigin + performance.now();
}

interface TokenInfo {
	id: string;
	account: {sub: string};
}

interface WatchedTokenManager {
	store: {rotateToken(tokenId: string, ...rest: unknown[]): Promise<unknown>};
	rotateToken(client: unknown, clientAuth: unknown, clientMetadata: unknown, tokenInfo: TokenInfo): Promise<unknown>;
	consumeRefreshToken(token: string): Promise<unknown>;
}

export function watchOAuthRefreshes(pds: TestPds): OAuthLedger {
	const provider = pds.pds.ctx.oauthProvider;
	if (provider === undefined) throw new Error('the PDS runs without its OAuth provider');
	const manager = provider.tokenManager as unknown as WatchedTokenManager;
	const store = manager.store;
	const original = {rotate: manager.rotateToken, commit: store.rotateToken, consume: manager.consumeRefreshToken};
	const committed = new Map<string, number>();
	const http = pds.pds.server;
	if (http === undefined) throw new Error('the PDS is not listening');
	const countTokenRequests = (request: IncomingMessage, response: ServerResponse) => {
		if (!request.url?.startsWith('/oauth/token')) return;
		ledger.tokenRequestsInFlight++;
		response.once('close', () => ledger.tokenRequestsInFlight--);
	};
	const ledger: OAuthLedger = {
		rotations: [],
		replays: 0,
		tokenRequestsInFlight: 0,
		stop() {
			Object.assign(manager, {rotateToken: original.rotate, consumeRefreshToken: original.consume});
			store.rotateToken = original.commit;
			http.off('request', countTokenRequests);
		},
	};
	http.prependListener('request', countTokenRequests);
	store.rotateToken = async function (tokenId, ...rest) {
		const result = await original.commit.call(this, tokenId, ...rest);
		committed.set(tokenId, preciseNow());
		return result;
	};
	manager.rotateToken = async function (client, clientAuth, clientMetadata, tokenInfo) {
		const answer = await original.rotate.call(this, client, clientAuth, clientMetadata, tokenInfo);
		ledger.rotations.push({did: tokenInfo.account.sub, committedAt: committed.get(tokenInfo.id) ?? Number.NaN, answeredAt: preciseNow()});
		committed.delete(tokenInfo.id);
		return answer;
	};
	manager.consumeRefreshToken = async function (token) {
		try {
			return await original.consume.call(this, token);
		} catch (error) {
			if ((error as Error).message === 'Refresh token replayed') ledger.replays++;
			throw error;
		}
	};
	return ledger;
}

/** Signs `user` in with OAuth through sessions.login, as `login --oauth` does, and stores the account under `name`. */
export async function signInWithOAuth(pds: TestPds, store: TokenStore, user: TestAccount, name: string): Promise<Account> {
	let consent: Promise<unknown> = Promise.resolve();
	const request = {service: 'bluesky-oauth', url: pds.url, identifier: user.handle, password: '', name, didDirectoryUrl: pds.plcUrl};
	const account = await login(store, request, {showAddress: url => void (consent = driveConsent(url, {username: user.handle, password: user.password}))});
	await consent;
	return account;
}
