/**
 * The network side of Bluesky OAuth sessions: browser sign-in, refresh without grace, and a
 * logout that revokes for real (DPoP-signed). The refresh runs inside RefreshCoordinator, which
 * holds the account's cross-process lock, hands in the account it re-read under that lock and
 * persists what this returns before anything else happens.
 */
import {ServiceError, isServiceError} from '../errors.js';
import type {KindOperations} from '../kind.js';
import type {BlueskyOAuthAccount} from './account.js';
import {accountAtServer} from './account-at-server.js';
import {signInWithBrowser} from './browser-sign-in.js';
import {refreshWatchingIdentity, withoutDrift} from './identity-drift.js';
import {NonceBook} from './nonce-book.js';
import {ensureFreshNonce, headersFor, requestWithRefresh} from './resource-request.js';
import {revokeSession} from './revoke.js';
import {refreshTokenSet} from './token-refresh.js';
import {type OAuthTokenSet} from './token-set.js';

/** The account after a sign-in or a refresh: every credential change bumps the revision. */
export function withTokenSet(account: BlueskyOAuthAccount, tokens: OAuthTokenSet, nonces: NonceBook): BlueskyOAuthAccount {
	return {
		...withoutDrift(account),
		// The sign-in's handle until an identity check learns a newer one from the account's server.
		handle: account.handle || (tokens.handle ?? ''),
		did: tokens.sub,
		accessIssuedAt: tokens.refreshedAt,
		tokens,
		nonces: nonces.toJSON(),
		status: 'ok',
		statusMessage: undefined,
		lastRefresh: {at: tokens.refreshedAt, ok: true},
		revision: account.revision + 1,
	};
}

const browserOnly = 'A Bluesky OAuth account signs in through the browser: use `tokentop login bluesky HANDLE --oauth`';

export const blueskyOAuthOperations: KindOperations<BlueskyOAuthAccount> = {
	login() {
		throw new ServiceError('usage', browserOnly);
	},

	async interactiveLogin(request, io, origin) {
		const nonces = new NonceBook();
		const {previous} = origin;
		// Logged in again: the scope it had unless another is asked for.
		const scope = request.scope ?? previous?.tokens.scope;
		const tokens = await signInWithBrowser(request.identifier, {
			nonces,
			...(scope === undefined ? {} : {scope}),
			...(request.url === '' ? {} : {serviceUrl: request.url}),
			...(request.didDirectoryUrl === undefined ? {} : {plcUrl: request.didDirectoryUrl}),
			onAuthorizationUrl: url => io.showAddress(url),
			...(io.pastedLines === undefined ? {} : {pastedLines: io.pastedLines}),
			...(io.onPasteRefused === undefined ? {} : {onPasteRefused: io.onPasteRefused}),
			...(io.signal === undefined ? {} : {signal: io.signal}),
			...(io.timeoutMs === undefined ? {} : {timeoutMs: io.timeoutMs}),
		});
		const fresh: BlueskyOAuthAccount = {
			id: origin.id,
			name: origin.name ?? tokens.handle ?? tokens.sub,
			service: 'bluesky-oauth',
			// No --service: the server it signed in at (a re-login keeps the account's own).
			url: origin.url === '' ? tokens.issuer : origin.url,
			createdAt: tokens.signedInAt,
			status: 'ok',
			revision: -1,
			// A re-login names the account by its DID, which tells no handle: it keeps the one it had.
			handle: tokens.handle ?? previous?.handle ?? '',
			did: tokens.sub,
			accessIssuedAt: tokens.refreshedAt,
			tokens,
			nonces: {},
			// The sign-in resolved the DID document: it is the first identity check.
			identityCheckedAt: tokens.signedInAt,
		};
		return withTokenSet(fresh, tokens, nonces);
	},

	async discardLogin(account) {
		await revokeSession(account.tokens, NonceBook.from(account.nonces)).catch(() => undefined);
	},

	async refresh(account, context) {
		const nonces = NonceBook.from(account.nonces);
		return refreshWatchingIdentity(account, context, {
			sessionServer: account.tokens.pdsUrl,
			// invalid_grant (replayed, session ended, revoked) comes back as 'needs-login' with the server's reason in words.
			refresh: async () => ({account: withTokenSet(account, await refreshTokenSet(account.tokens, nonces), nonces), said: {}, hinted: false}),
			// The token answer says nothing of the account: its server does (handle, active), with the new access token.
			async askServer(refreshed) {
				const said = await accountAtServer(refreshed.tokens, nonces);
				return {account: {...refreshed, handle: said.handle ?? refreshed.handle, nonces: nonces.toJSON()}, said};
			},
		});
	},

	relogin(account) {
		// By DID: handles change, and the sign-in finds where the account lives now.
		throw new ServiceError('usage', `A Bluesky OAuth account signs in through the browser: use \`tokentop login bluesky ${account.did} --oauth\` again`);
	},

	async signedRequest(account, request, refresh) {
		const given = account;
		const nonces = NonceBook.from(account.nonces);
		const {answer, tokens} = await requestWithRefresh(account.tokens, nonces, request, async () => {
			const fresh = await refresh();
			account = fresh;
			return fresh.tokens;
		});
		const unchanged = account === given && !nonces.hasChanges;
		return {answer: {status: answer.status, headers: answer.headers, body: answer.body}, account: unchanged ? given : {...account, tokens, nonces: nonces.toJSON()}};
	},

	async headersForOneRequest(account, method, url) {
		const nonces = NonceBook.from(account.nonces);
		// A proof with a stale nonce would be refused, and curl cannot retry it: fetch a fresh one first.
		await ensureFreshNonce(account.tokens, nonces, url);
		const {authorization, dpop} = headersFor(account.tokens, nonces, method, url);
		return {headers: {Authorization: authorization, DPoP: dpop}, account: nonces.hasChanges ? {...account, nonces: nonces.toJSON()} : account};
	},

	async logout(account, {force}) {
		try {
			const revoked = await revokeSession(account.tokens, NonceBook.from(account.nonces));
			return revoked ? 'session revoked on the server' : 'the server offers no revocation: the session ends on its own';
		} catch (error) {
			if (force) return `could not revoke the session on the server (${isServiceError(error) ? error.message : 'error'})`;
			throw error;
		}
	},
};
