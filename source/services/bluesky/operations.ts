/**
 * The network side of Bluesky app-password sessions: createSession, refreshSession,
 * deleteSession, with the identity watch of both Bluesky kinds (../bluesky-oauth/identity-drift.ts):
 * each refresh answer says the current handle and whether the account is active; the DID
 * document is read when a check is due or an answer hints at a move. A re-login uses the DID,
 * at the server the account moved to when the last check found a move.
 */
import {checkIdentity, driftFailure, refreshWatchingIdentity, sameServer, withCheck} from '../bluesky-oauth/identity-drift.js';
import {isServiceError, rejectsCredential} from '../errors.js';
import type {KindOperations} from '../kind.js';
import type {BlueskyAccount} from './account.js';
import * as api from './api.js';
import {blueskyAccountFromSession, withBlueskySession} from './credentials.js';
import {blueskyKind} from './kind.js';

const serverOf = blueskyKind.resourceBaseUrl;

export const blueskyOperations: KindOperations<BlueskyAccount> = {
	async login(request, origin) {
		const session = await api.createSession(origin.url, {
			identifier: request.identifier,
			password: request.password,
			...(request.authFactorToken ? {authFactorToken: request.authFactorToken} : {}),
		});
		return blueskyAccountFromSession(session, {id: origin.id, name: origin.name ?? session.handle, url: origin.url, identifier: request.identifier});
	},

	async discardLogin(account) {
		await api.deleteSession(serverOf(account), account.refreshJwt).catch(() => undefined);
	},

	async refresh(account, context) {
		const sessionServer = serverOf(account);
		return refreshWatchingIdentity(account, context, {
			sessionServer,
			async refresh() {
				const session = await api.refreshSession(sessionServer, account.refreshJwt);
				// A didDoc naming another server is not followed silently: the identity check decides.
				const elsewhere = session.pdsUrl !== undefined && account.pdsUrl !== undefined && !sameServer(session.pdsUrl, account.pdsUrl);
				const refreshed = withBlueskySession(account, elsewhere ? {...session, pdsUrl: account.pdsUrl} : session);
				return {account: refreshed, said: session, hinted: elsewhere || session.active === false};
			},
		});
	},

	async relogin(account, password, authFactorToken, context) {
		// By DID (handles change), where the account lives now.
		const moved = account.identityDrift?.state === 'moved' ? account.identityDrift.serverUrl : undefined;
		const url = moved ?? account.url;
		const session = await api.createSession(url, {
			identifier: account.did,
			password,
			...(authFactorToken ? {authFactorToken} : {}),
		});
		if (session.active === false) {
			// This server still logs the account in, but no longer serves it: say where it lives now.
			const server = session.pdsUrl ?? url;
			const drift = await checkIdentity(account.did, server, session);
			await api.deleteSession(server, session.refreshJwt).catch(() => undefined);
			if (drift !== undefined) {
				await context?.persist(withCheck(account, drift));
				throw driftFailure(drift);
			}
		}
		return {...withBlueskySession({...account, url}, session), identityCheckedAt: session.receivedAt};
	},

	async logout(account, {force}) {
		try {
			await api.deleteSession(serverOf(account), account.refreshJwt);
			return 'session ended on the server';
		} catch (error) {
			// An already-dead token means the session is over anyway.
			if (rejectsCredential(error)) return 'the server had already ended the session';
			if (force) return `could not end the session on the server (${isServiceError(error) ? error.message : 'error'})`;
			throw error;
		}
	},
};
