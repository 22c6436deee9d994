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
import {storedLoginAmong} from './login-plan.js';
import type {TokenStore} from './store/token-store.js';

/**
 * Logs in to a new account and stores it; a session that cannot be stored is ended again.
 * Kinds that sign in through a browser need `io` (the address to show, what is pasted); such a
 * sign-in to an account stored already logs it in again in place (see signInInBrowser).
 */
export async function login(store: TokenStore, request: LoginRequest, io?: InteractiveLoginIo): Promise<Account> {
	const kind = kindById(request.service);
	if (kind.login.method === 'browser') {
		if (io === undefined) throw new ServiceError('usage', 'This kind of account signs in through a browser');
		return (await signInInBrowser(store, request, io)).account;
	}
	const url = loginUrl(request);
	checkNewName(store, request.name);
	// A store that cannot take the account is found before the server opens a session.
	store.requireWritable();
	const operations = await kind.operations();
	const account = await operations.login(request, {id: newAccountId(), name: request.name, url});
	try {
		await addAccount(store, account);
	} catch (error) {
		// Not stored means not kept: end the fresh session instead of leaving it open.
		await operations.discardLogin(account);
		throw error;
	}
	return account;
}

/** A browser sign-in's account, and whether it logged in again a stored account (same kind, same DID) in place. */
export interface BrowserSignIn {
	account: Account;
	again: boolean;
}

/**
 * Signs in through a browser. The DID is the account's identity: when an account of this kind
 * with the DID signed in is stored already, it is logged in again in place (it keeps its id,
 * name and place, and its old session is ended); otherwise a new account is added. `again`
 * names the stored account this sign-in is meant for (`tokentop login NAME`, the app's Enter):
 * a sign-in that ends as another account is then refused and ended.
 */
export async function signInInBrowser(store: TokenStore, request: LoginRequest, io: InteractiveLoginIo, again?: string): Promise<BrowserSignIn> {
	const kind = kindById(request.service);
	const operations = await kind.operations();
	if (kind.login.method !== 'browser' || operations.interactiveLogin === undefined) throw new ServiceError('usage', `${kind.id} accounts do not sign in through a browser`);
	// A browser sign-in finds its server from the identity; a URL given is only where a handle is resolved first.
	const url = request.url ? loginUrl(request) : '';
	const previous = again === undefined ? undefined : store.get(again);
	if (again !== undefined && previous === undefined) throw new ServiceError('usage', 'That account no longer exists');
	if (previous === undefined) checkNewName(store, request.name);
	store.requireWritable();
	const origin = previous ? {id: previous.id, name: previous.name, url: previous.url, previous} : {id: newAccountId(), name: request.name, url};
	const signedIn = await operations.interactiveLogin({...request, url}, io, origin);
	let placed: {account: Account; replaced?: Account};
	try {
		placed = await placeSignedIn(store, signedIn, previous);
	} catch (error) {
		await operations.discardLogin(signedIn);
		throw error;
	}
	// The session it replaced is not kept: end it at the server (best effort; it dies on its own otherwise).
	if (placed.replaced) await operations.discardLogin(placed.replaced);
	return {account: placed.account, again: placed.replaced !== undefined};
}

/** Logs a stored account in again through a browser, as itself (its DID): it keeps its id, name and place. */
export async function reloginInBrowser(store: TokenStore, id: string, io: InteractiveLoginIo, options: {scope?: string; insecure?: boolean} = {}): Promise<Account> {
	const account = store.get(id);
	if (!account) throw new ServiceError('usage', 'That account no longer exists');
	const kind = kindOf(account);
	const request: LoginRequest = {service: kind.id, url: '', identifier: kind.did(account) ?? kind.identity(account), password: '', ...options};
	return (await signInInBrowser(store, request, io, id)).account;
}

/** Stores a browser sign-in: in place of the stored account with its DID (under that account's lock), else as a new account. */
async function placeSignedIn(store: TokenStore, signedIn: Account, meantFor: Account | undefined): Promise<{account: Account; replaced?: Account}> {
	const kind = kindOf(signedIn);
	const did = kind.did(signedIn);
	const same = (account: Account) => kindOf(account) === kind && did !== undefined && kind.did(account) === did;
	const stored = meantFor ?? store.read().find(same);
	if (stored === undefined) {
		await addAccount(store, signedIn);
		return {account: signedIn};
	}
	return store.withAccountLock(stored.id, async () => {
		// Re-read under the lock: another tokentop may have refreshed, renamed or removed it meanwhile.
		const current = store.get(stored.id);
		if (current === undefined) throw new ServiceError('usage', `${stored.name} was removed meanwhile: nothing was stored`);
		if (!same(current)) throw new ServiceError('bad-credentials', `You signed in as ${did}, not as ${current.name} (${kindOf(current).did(current)}): nothing was stored`);
		const next = {...signedIn, id: current.id, name: current.name, createdAt: current.createdAt, revision: current.revision + 1} as Account;
		if (!(await store.saveAccount(next))) throw new ServiceError('changed-elsewhere', `${current.name} was changed by another tokentop meanwhile: sign in again`);
		return {account: next, replaced: current};
	});
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
	return storedLoginAmong(store.read(), service, target);
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
