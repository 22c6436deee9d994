/**
 * Identity drift of an atproto account, for both Bluesky kinds: the DID is the identity, and its
 * document names the server (PDS) where the account lives now. An account whose document names
 * another server than its session's has moved; one whose server says it is not active
 * (deactivated after a migration, taken down, …) is inactive. Either needs a login where the
 * account lives now. A DID lookup that fails (network, directory down, unreadable) never counts
 * as a move: only an answer can say the account moved.
 *
 * Costs nothing per tick: the kinds check at most every `identityCheckInterval` per account, on
 * a refresh (or a failed one), and at once only when a server's own answer hints at a drift.
 */
import {identityDriftWords} from '../../rules/failure-words.js';
import type {AccountBase} from '../account.js';
import {ServiceError, isServiceError} from '../errors.js';
import {hostOf, isLoopback} from '../http-rules.js';
import type {IdentityDrift, RefreshContext} from '../kind.js';
import {type DidResolutionOptions, pdsUrlOf, resolveDidDocument} from './did-document.js';

/** How long one identity check holds before the next refresh checks again. */
export const identityCheckIntervalMs = 6 * 60 * 60 * 1000;

/** What an account's own server said of it (com.atproto.server.getSession / refreshSession). */
export interface AccountStatusAnswer {
	active?: boolean;
	status?: string;
}

/** Whether the last check (or the login, which is one) is older than the interval. */
export function identityCheckDue(lastCheckedAt: number, now: number): boolean {
	return now - lastCheckedAt >= identityCheckIntervalMs;
}

/** The same server: same scheme, port and path, and the same host (localhost, 127.0.0.1 and ::1 are one machine). */
export function sameServer(a: string, b: string): boolean {
	try {
		const [left, right] = [new URL(a), new URL(b)];
		const host = (url: URL) => (isLoopback(url.hostname) ? 'loopback' : url.hostname.toLowerCase());
		const path = (url: URL) => url.pathname.replace(/\/+$/, '');
		return left.protocol === right.protocol && left.port === right.port && host(left) === host(right) && path(left) === path(right);
	} catch {
		return a === b;
	}
}

/** The server the DID document names now, or undefined when it cannot be told (lookup failed, no usable endpoint). */
export async function currentServerOf(did: string, options: DidResolutionOptions = {}): Promise<string | undefined> {
	try {
		return pdsUrlOf(await resolveDidDocument(did, options));
	} catch (error) {
		if (isServiceError(error)) return undefined;
		throw error;
	}
}

/**
 * Checks where the account lives now: its DID document's server against `sessionServer` (where
 * its session was opened), then what that server said of it.
 */
export async function checkIdentity(did: string, sessionServer: string, said: AccountStatusAnswer = {}, options: DidResolutionOptions = {}): Promise<IdentityDrift | undefined> {
	const current = await currentServerOf(did, options);
	if (current !== undefined && !sameServer(current, sessionServer)) return {state: 'moved', host: hostOf(current), serverUrl: current};
	if (said.active === false) return {state: 'inactive', host: hostOf(sessionServer), ...(said.status === undefined ? {} : {status: said.status})};
	return undefined;
}

/** What both Bluesky kinds store for the check. */
export interface IdentityFields extends AccountBase {
	did: string;
	/** The last identity check (a login counts as one); absent on accounts stored before checks existed. */
	identityCheckedAt?: number;
	/** What the last check found wrong; kept while the account needs a login. */
	identityDrift?: IdentityDrift;
}

/** A kind's refresh as the identity watch sees it. */
export interface WatchedRefresh<A extends IdentityFields> {
	/** Where the account's session lives (its DID document should name this server). */
	sessionServer: string;
	/** The refresh itself: the new account, what the server said of the account, and whether that hints at a drift. */
	refresh(): Promise<{account: A; said: AccountStatusAnswer; hinted: boolean}>;
	/** Asks the server about the account after a refresh that did not say (OAuth: getSession); may update the account (handle). */
	askServer?(refreshed: A): Promise<{account: A; said: AccountStatusAnswer}>;
}

/**
 * Runs a kind's refresh and checks the identity when it is due or the answer hints at a drift.
 * The refreshed credential is persisted before any check request; a drift is persisted with the
 * account (so a re-login knows where to go) and thrown as an 'identity-drift' failure.
 */
export async function refreshWatchingIdentity<A extends IdentityFields>(account: A, context: RefreshContext<A>, watch: WatchedRefresh<A>): Promise<A> {
	const due = identityCheckDue(account.identityCheckedAt ?? account.createdAt, Date.now());
	let refreshed: {account: A; said: AccountStatusAnswer; hinted: boolean};
	try {
		refreshed = await watch.refresh();
	} catch (error) {
		if (!due || !worthACheck(error)) throw error;
		const drift = await checkIdentity(account.did, watch.sessionServer);
		await context.persist(withCheck(account, drift));
		throw drift === undefined ? error : driftFailure(drift);
	}
	if (!due && !refreshed.hinted) return refreshed.account;
	// The rotated credential is stored before anything else is sent.
	await context.persist(refreshed.account);
	const looked = watch.askServer === undefined ? refreshed : await watch.askServer(refreshed.account);
	const drift = await checkIdentity(account.did, watch.sessionServer, looked.said);
	const checked = withCheck(looked.account, drift);
	if (drift === undefined) return checked;
	await context.persist(checked);
	throw driftFailure(drift);
}

/** The account after a check: when it found a drift, marked as needing a login with the words why. */
export function withCheck<A extends IdentityFields>(account: A, drift: IdentityDrift | undefined): A {
	const checked = {...account, identityCheckedAt: Date.now()};
	if (drift === undefined) return checked;
	return {...checked, identityDrift: drift, status: 'needs-login', statusMessage: identityDriftWords(drift)};
}

/** The account without a drift mark (a fresh session: whatever the last check found is past). */
export function withoutDrift<A extends {identityDrift?: IdentityDrift}>(account: A): A {
	const {identityDrift: _past, ...rest} = account;
	return rest as A;
}

export function driftFailure(drift: IdentityDrift): ServiceError {
	return new ServiceError('identity-drift', identityDriftWords(drift), {credentialRejected: true});
}

/** A failure the account's server or the network caused (not a local one, not a rate limit): the account may have moved. */
function worthACheck(error: unknown): boolean {
	if (!isServiceError(error)) return false;
	return ['needs-login', 'account-takedown', 'network', 'server', 'bad-answer'].includes(error.kind);
}
