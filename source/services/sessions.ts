/**
 * Logging in, logging in again, and logging out: the operations that change which accounts
 * the store holds, shared by the plain commands and the app. What differs between kinds of
 * account is in their operations (kinds.ts); this module keeps names unique and the store
 * consistent.
 */
import {type Account, newAccountId} from './account.js';
import {ServiceError} from './errors.js';
import {checkServiceUrl} from './http.js';
import type {InteractiveLoginIo, LoginRequest, LoginTarget} from './kind.js';
import {kindById, kindOf} from './kinds.js';
import type {TokenStore} from './store/token-store.js';

/**
 * Logs in to a new account and stores it; a session that cannot be stored is ended again.
 * Kinds that sign in through a browser need `io` (the address to show, what is pasted).
 */
export async function login(store: TokenStore, request: LoginRequest, io?: InteractiveLoginIo): Promise<Account> {
	const kind = kindById(request.service);
	const browser = kind.login.method === 'browser';
	// A browser sign-in finds its server from the identity; a URL given is only where a handle is resolved first.
	const url = browser && !request.url ? '' : loginUrl(request);
	checkNewName(store, request.name);
	// A store that cannot take the account is found before the server opens a session.
	store.requireWritable();
	const operations = await kind.operations();
	const origin = {id: newAccountId(), name: request.name, url};
	let account: Account;
	if (browser) {
		if (io === undefined || operations.interactiveLogin === undefined) throw new ServiceError('usage', 'This kind of account signs in through a browser');
		account = await operations.interactiveLogin({...request, url}, io, origin);
	} else {
		account = await operations.login(request, origin);
	}
	try {
		await addAccount(store, account);
	} catch (error) {
		// Not stored means not kept: end the fresh session instead of leaving it open.
		await operations.discardLogin(account);
		throw error;
	}
	return account;
}

/** The checked service URL of a login request (the kind's default when it names none). */
export function loginUrl(request: {service: string; url?: string; insecure?: boolean}): string {
	const {login: form} = kindById(request.service);
	return checkServiceUrl(request.url || form.defaultUrl, {insecure: request.insecure, example: form.defaultUrl});
}

/**
 * The stored account a login is for: same kind, same server, same identity. Such a login is a
 * re-login in place (see relogin), not a second account.
 */
export function storedAccountFor(store: TokenStore, service: string, target: LoginTarget): Account | undefined {
	const kind = kindById(service);
	return store.read().find(account => kindOf(account) === kind && kind.isLoginOf(account, target));
}

/** Logs an existing account in again with a password the user typed (keeps its id and name). */
export async function relogin(store: TokenStore, id: string, password: string, authFactorToken?: string): Promise<Account> {
	return store.withAccountLock(id, async () => {
		const account = store.get(id);
		if (!account) throw new ServiceError('usage', 'That account no longer exists');
		const save = async (next: Account) => {
			if (!(await store.saveAccount(next))) throw new ServiceError('usage', `${account.name} was removed meanwhile`);
		};
		// A failed attempt may have learnt something worth keeping (e.g. where the account moved).
		const next = await (await kindOf(account).operations()).relogin(account, password, authFactorToken, {persist: save});
		await save(next);
		return next;
	});
}

/**
 * Ends the session on the server where there is one, then removes the account. A network
 * failure keeps the account: nothing is lost; `force` removes it anyway.
 */
export async function logout(store: TokenStore, id: string, options: {force?: boolean} = {}): Promise<{serverMessage: string}> {
	return store.withAccountLock(id, async () => {
		const account = store.get(id);
		if (!account) throw new ServiceError('usage', 'That account no longer exists');
		const serverMessage = await (await kindOf(account).operations()).logout(account, options);
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

/** A name for a new account: well formed and not taken (checked before any password is asked for). */
export function checkNewName(store: TokenStore, name: string | undefined): void {
	if (name === undefined) return;
	if (!/^\S.{0,63}$/u.test(name)) {
		throw new ServiceError('usage', 'An account name is 1–64 characters and does not start with a space');
	}
	checkNameFree(store, name);
}

/** No stored account has this name. */
export function checkNameFree(store: TokenStore, name: string): void {
	if (store.read().some(existing => existing.name === name)) {
		throw new ServiceError('usage', `An account named "${name}" exists already: choose another with --name`);
	}
}
