/** The network side of Bluesky app-password sessions: createSession, refreshSession, deleteSession. */
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

	async refresh(account) {
		return withBlueskySession(account, await api.refreshSession(serverOf(account), account.refreshJwt));
	},

	async relogin(account, password, authFactorToken) {
		const session = await api.createSession(account.url, {
			identifier: account.identifier,
			password,
			...(authFactorToken ? {authFactorToken} : {}),
		});
		return withBlueskySession(account, session);
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
