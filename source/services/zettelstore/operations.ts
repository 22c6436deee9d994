/**
 * The network side of Zettelstore logins: POST /a logs in, PUT /a renews. A rejected token is
 * replaced by a fresh login when the user let us keep the password — once per token expiry.
 */
import {ServiceError, isServiceError, rejectsCredential} from '../errors.js';
import type {KindOperations, RefreshContext} from '../kind.js';
import type {ZettelstoreAccount} from './account.js';
import * as api from './api.js';
import {withZettelstoreAnswer, zettelstoreAccountFromAnswer} from './credentials.js';
import {loginBudgetText, loginBudgetTooLow} from '../login-budget.js';
import {defaultZettelstoreName} from './kind.js';

// The keyring is a native addon most runs never need: loaded only for accounts that use it.
const keyring = () => import('../password-vault.js');

export const zettelstoreOperations: KindOperations<ZettelstoreAccount> = {
	async login(request, origin) {
		const answer = await api.authenticate(origin.url, request.identifier, request.password);
		const serverVersion = await api.fetchServerVersion(origin.url);
		// A server without authentication has no password worth keeping.
		const passwordMemory = answer.freeAccess ? 'none' : (request.rememberPassword ?? 'none');
		if (passwordMemory === 'keyring') await (await keyring()).saveToKeyring(origin.id, request.password);
		return zettelstoreAccountFromAnswer(answer, {
			id: origin.id,
			name: origin.name ?? defaultZettelstoreName({url: origin.url, identifier: request.identifier}),
			url: origin.url,
			user: request.identifier,
			passwordMemory,
			password: request.password,
			serverVersion,
		});
	},

	async discardLogin(account) {
		// Zettelstore has no logout; only a password kept for the account goes: no keyring entry without its account.
		if (account.passwordMemory === 'keyring') await (await keyring()).deleteFromKeyring(account.id);
	},

	refresh: renewOrLogInAgain,

	async relogin(account, password) {
		const answer = await api.authenticate(account.url, account.user, password);
		let next: ZettelstoreAccount = {...withZettelstoreAnswer(account, answer), reloginForExpiry: undefined};
		if (account.passwordMemory === 'plaintext') next = {...next, password};
		if (account.passwordMemory === 'keyring') await (await keyring()).saveToKeyring(account.id, password);
		return next;
	},

	async logout(account) {
		if (account.passwordMemory === 'keyring') await (await keyring()).deleteFromKeyring(account.id);
		return 'Zettelstore has no logout: the token stays valid until it expires';
	},
};

/** A token refused this long before its expiry was not refused for its age (the server counts whole seconds). */
const expirySlackMs = 2000;

/** Said when a renewal is refused for a token that had not expired: the server's signing key changed. */
export const serverChangedReason = 'the server probably restarted or changed (token refused before its expiry)';

async function renewOrLogInAgain(account: ZettelstoreAccount, context: RefreshContext<ZettelstoreAccount>): Promise<ZettelstoreAccount> {
	// An auth-disabled server has nothing to renew.
	if (account.freeAccess) return account;
	let serverChanged = false;
	if (account.status !== 'needs-login') {
		try {
			return withZettelstoreAnswer(account, await api.renew(account.url, account.token));
		} catch (error) {
			if (!rejectsCredential(error)) throw error;
			serverChanged = account.tokenExpiresAt - Date.now() > expirySlackMs;
		}
	}
	try {
		const next = await reloginWithRememberedPassword(account, context, serverChanged);
		return serverChanged ? {...next, lastRefresh: {at: next.tokenReceivedAt, ok: true, message: `logged in again: ${serverChangedReason}`}} : next;
	} catch (error) {
		// The token was rejected: whatever the re-login met, the account needs a login now.
		if (isServiceError(error) && !rejectsCredential(error)) {
			throw new ServiceError(error.kind, error.message, {...error.details, credentialRejected: true});
		}
		throw error;
	}
}

/**
 * A rejected token is replaced by a fresh login when the user let us keep the password: once
 * per token expiry, so a server that keeps refusing is never hammered.
 */
async function reloginWithRememberedPassword(account: ZettelstoreAccount, context: RefreshContext<ZettelstoreAccount>, serverChanged: boolean): Promise<ZettelstoreAccount> {
	const password = await rememberedPassword(account);
	const host = new URL(account.url).host;
	const refused = serverChanged ? `${host}: ${serverChangedReason}` : `${host} no longer accepts the token`;
	if (password === undefined) {
		throw new ServiceError('needs-login', `${refused}: log in again`);
	}
	if (account.reloginForExpiry === account.tokenExpiresAt) {
		throw new ServiceError('needs-login', `${refused}, and a re-login was already tried for it: log in again`);
	}
	if (loginBudgetTooLow(account.loginBudget, Date.now())) {
		throw new ServiceError('needs-login', `${refused}; not logging in again by itself with ${loginBudgetText(account.loginBudget!)}: log in yourself`);
	}
	// Record the attempt first: a crash or refusal must not lead to a second try for this expiry.
	const attempt: ZettelstoreAccount = {...account, reloginForExpiry: account.tokenExpiresAt, revision: account.revision + 1};
	await context.persist(attempt);
	try {
		return withZettelstoreAnswer(attempt, await api.authenticate(account.url, account.user, password));
	} catch (error) {
		if (isServiceError(error) && error.kind === 'bad-credentials') {
			throw new ServiceError('needs-login', `${host} refused the remembered password: log in again`);
		}
		throw error;
	}
}

async function rememberedPassword(account: ZettelstoreAccount): Promise<string | undefined> {
	if (account.passwordMemory === 'plaintext') return account.password;
	if (account.passwordMemory === 'keyring') return (await keyring()).loadFromKeyring(account.id);
	return undefined;
}
