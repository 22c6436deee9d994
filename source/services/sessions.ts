/**
 * Logging in, logging in again, and logging out: the operations that change which accounts
 * the store holds, shared by the plain commands and the app.
 */
import type {Account, BlueskyAccount, PasswordMemory, ZettelstoreAccount} from './account.js';
import * as bluesky from './bluesky.js';
import {blueskyAccountFromSession, newAccountId, withBlueskySession, withZettelstoreAnswer, zettelstoreAccountFromAnswer} from './credentials.js';
import {ServiceError, isServiceError, rejectsCredential} from './errors.js';
import {checkServiceUrl} from './http.js';
import {deleteFromKeyring, saveToKeyring} from './password-vault.js';
import type {TokenStore} from './store/token-store.js';
import * as zettelstore from './zettelstore.js';

export const defaultBlueskyService = 'https://bsky.social';

export interface BlueskyLogin {
	url?: string;
	identifier: string;
	password: string;
	authFactorToken?: string;
	name?: string;
	insecure?: boolean;
}

export interface ZettelstoreLogin {
	url: string;
	user: string;
	password: string;
	name?: string;
	insecure?: boolean;
	/** Keep the password for re-login after expiry: in the keyring, or (explicit consent) in the store. */
	rememberPassword?: PasswordMemory;
}

export async function loginBluesky(store: TokenStore, request: BlueskyLogin): Promise<BlueskyAccount> {
	const url = checkServiceUrl(request.url ?? defaultBlueskyService, {insecure: request.insecure});
	checkName(request.name, store);
	const session = await bluesky.createSession(url, {
		identifier: request.identifier,
		password: request.password,
		...(request.authFactorToken ? {authFactorToken: request.authFactorToken} : {}),
	});
	const account = blueskyAccountFromSession(session, {name: request.name ?? session.handle, url, identifier: request.identifier});
	try {
		await addAccount(store, account);
	} catch (error) {
		// Not stored means not kept: end the fresh session instead of leaving it open.
		await bluesky.deleteSession(session.pdsUrl ?? url, session.refreshJwt).catch(() => undefined);
		throw error;
	}
	return account;
}

export async function loginZettelstore(store: TokenStore, request: ZettelstoreLogin): Promise<ZettelstoreAccount> {
	const url = checkServiceUrl(request.url, {insecure: request.insecure});
	checkName(request.name, store);
	const answer = await zettelstore.authenticate(url, request.user, request.password);
	const serverVersion = await zettelstore.fetchServerVersion(url);
	const id = newAccountId();
	let passwordMemory = request.rememberPassword ?? 'none';
	if (passwordMemory === 'keyring') {
		await saveToKeyring(id, request.password);
	}
	if (answer.freeAccess) passwordMemory = 'none';
	const account = zettelstoreAccountFromAnswer(answer, {
		id,
		name: request.name ?? `${request.user}@${new URL(url).host}`,
		url,
		user: request.user,
		passwordMemory,
		password: request.password,
		serverVersion,
	});
	await addAccount(store, account);
	return account;
}

/** Logs an existing account in again with a password the user typed (keeps its id and name). */
export async function relogin(store: TokenStore, id: string, password: string, authFactorToken?: string): Promise<Account> {
	return store.withAccountLock(id, async () => {
		const account = store.get(id);
		if (!account) throw new ServiceError('usage', 'That account no longer exists');
		let next: Account;
		if (account.service === 'bluesky') {
			const session = await bluesky.createSession(account.url, {
				identifier: account.identifier,
				password,
				...(authFactorToken ? {authFactorToken} : {}),
			});
			next = withBlueskySession(account, session);
		} else {
			const answer = await zettelstore.authenticate(account.url, account.user, password);
			next = {...withZettelstoreAnswer(account, answer), reloginForExpiry: undefined};
			if (account.passwordMemory === 'plaintext') next = {...next, password};
			if (account.passwordMemory === 'keyring') await saveToKeyring(account.id, password);
		}
		if (!(await store.saveAccount(next))) throw new ServiceError('usage', `${account.name} was removed meanwhile`);
		return next;
	});
}

/**
 * Ends the session on the server where there is one (Bluesky deleteSession), then removes the
 * account. A network failure keeps the account: nothing is lost; `force` removes it anyway.
 */
export async function logout(store: TokenStore, id: string, options: {force?: boolean} = {}): Promise<{serverMessage: string}> {
	return store.withAccountLock(id, async () => {
		const account = store.get(id);
		if (!account) throw new ServiceError('usage', 'That account no longer exists');
		let serverMessage = '';
		if (account.service === 'bluesky') {
			try {
				await bluesky.deleteSession(account.pdsUrl ?? account.url, account.refreshJwt);
				serverMessage = 'session ended on the server';
			} catch (error) {
				// An already-dead token means the session is over anyway.
				if (rejectsCredential(error)) serverMessage = 'the server had already ended the session';
				else if (options.force) serverMessage = `could not end the session on the server (${isServiceError(error) ? error.message : 'error'})`;
				else throw error;
			}
		} else {
			serverMessage = 'Zettelstore has no logout: the token stays valid until it expires';
			if (account.passwordMemory === 'keyring') await deleteFromKeyring(account.id);
		}
		await store.update(accounts => accounts.filter(candidate => candidate.id !== id));
		return {serverMessage};
	});
}

async function addAccount(store: TokenStore, account: Account): Promise<void> {
	await store.update(accounts => {
		if (accounts.some(existing => existing.name === account.name)) {
			throw new ServiceError('usage', `An account named "${account.name}" exists already: choose another with --name`);
		}
		return [...accounts, account];
	});
}

function checkName(name: string | undefined, store: TokenStore): void {
	if (name === undefined) return;
	if (!/^\S.{0,63}$/u.test(name)) {
		throw new ServiceError('usage', 'An account name is 1–64 characters and does not start with a space');
	}
	if (store.read().some(existing => existing.name === name)) {
		throw new ServiceError('usage', `An account named "${name}" exists already: choose another with --name`);
	}
}
