/**
 * Refresh orchestration: one refresh in flight per account in this process, the account's
 * cross-process lock around read-refresh-write, and the rotated credential saved before
 * anything reports success.
 *
 * The credential sent is always the one re-read from the store under the lock, never a copy
 * held in memory: another process may have rotated it meanwhile.
 */
import type {Account, BlueskyAccount, ZettelstoreAccount} from './account.js';
import {accessExpiresAt, isUsable} from './account.js';
import * as bluesky from './bluesky.js';
import {withBlueskySession, withZettelstoreAnswer} from './credentials.js';
import {ServiceError, isServiceError, rejectsCredential} from './errors.js';
import type {TokenStore} from './store/token-store.js';
import * as zettelstore from './zettelstore.js';

export interface RefreshOptions {
	/** Skip the refresh when the access token still has at least this long (ms) left. */
	minValidMs?: number;
}

export class RefreshCoordinator {
	private readonly inFlight = new Map<string, Promise<Account>>();

	constructor(
		private readonly store: TokenStore,
		private readonly clock: () => number = Date.now,
	) {}

	/** Refreshes one account. A call while one is running for the same account joins it. */
	refresh(id: string, options: RefreshOptions = {}): Promise<Account> {
		const running = this.inFlight.get(id);
		if (running) return running;
		const started = this.store.withAccountLock(id, () => this.refreshLocked(id, options)).finally(() => {
			this.inFlight.delete(id);
		});
		this.inFlight.set(id, started);
		return started;
	}

	private async refreshLocked(id: string, options: RefreshOptions): Promise<Account> {
		const account = this.store.get(id);
		if (!account) throw new ServiceError('usage', 'That account no longer exists');
		if (options.minValidMs !== undefined && isUsable(account) && accessExpiresAt(account) - this.clock() >= options.minValidMs) {
			return account;
		}
		try {
			const refreshed = account.service === 'bluesky' ? await this.refreshBluesky(account) : await this.refreshZettelstore(account);
			await this.persist(refreshed);
			return refreshed;
		} catch (error) {
			await this.markFailure(account, error);
			throw error;
		}
	}

	private async refreshBluesky(account: BlueskyAccount): Promise<Account> {
		const session = await bluesky.refreshSession(account.pdsUrl ?? account.url, account.refreshJwt);
		return withBlueskySession(account, session);
	}

	private async refreshZettelstore(account: ZettelstoreAccount): Promise<Account> {
		// An auth-disabled server has nothing to renew.
		if (account.freeAccess) return account;
		if (account.status !== 'needs-login') {
			try {
				return withZettelstoreAnswer(account, await zettelstore.renew(account.url, account.token));
			} catch (error) {
				if (!rejectsCredential(error)) throw error;
			}
		}
		try {
			return await this.reloginWithRememberedPassword(account);
		} catch (error) {
			// The token was rejected: whatever the re-login met, the account needs a login now.
			if (isServiceError(error) && !rejectsCredential(error)) {
				throw new ServiceError(error.kind, error.message, {...error.details, credentialRejected: true});
			}
			throw error;
		}
	}

	/**
	 * A rejected Zettelstore token is replaced by a fresh login when the user let us keep the
	 * password: once per token expiry, so a server that keeps refusing is never hammered.
	 */
	private async reloginWithRememberedPassword(account: ZettelstoreAccount): Promise<Account> {
		const password = await rememberedPassword(account);
		const host = new URL(account.url).host;
		if (password === undefined) {
			throw new ServiceError('needs-login', `${host} no longer accepts the token: log in again`);
		}
		if (account.reloginForExpiry === account.tokenExpiresAt) {
			throw new ServiceError('needs-login', `${host} no longer accepts the token and a re-login was already tried for it: log in again`);
		}
		// Record the attempt first: a crash or refusal must not lead to a second try for this expiry.
		const attempt: ZettelstoreAccount = {...account, reloginForExpiry: account.tokenExpiresAt, revision: account.revision + 1};
		await this.persist(attempt);
		try {
			return withZettelstoreAnswer(attempt, await zettelstore.authenticate(account.url, account.user, password));
		} catch (error) {
			if (isServiceError(error) && error.kind === 'bad-credentials') {
				throw new ServiceError('needs-login', `${host} refused the remembered password: log in again`);
			}
			throw error;
		}
	}

	private async persist(account: Account): Promise<void> {
		if (!(await this.store.saveAccount(account))) {
			throw new ServiceError('changed-elsewhere', `${account.name} was removed or changed by another tokentop meanwhile`);
		}
	}

	/** Keeps the tokens; only a clear rejection by the server marks the account as needing login. */
	private async markFailure(account: Account, error: unknown): Promise<void> {
		// Not the account's fault: nothing to mark (a newer revision must not be overwritten; a store that cannot be written cannot take a mark).
		if (isServiceError(error) && (error.kind === 'usage' || error.kind === 'changed-elsewhere' || error.kind === 'storage')) return;
		const current = this.store.get(account.id);
		if (!current) return;
		const message = isServiceError(error) ? error.message : 'refresh failed';
		const marked: Account = {
			...current,
			status: rejectsCredential(error) || (isServiceError(error) && error.details.credentialRejected) ? 'needs-login' : 'error',
			statusMessage: message,
			lastRefresh: {at: this.clock(), ok: false, message},
			revision: current.revision + 1,
		};
		await this.store.saveAccount(marked);
	}
}

export async function rememberedPassword(account: ZettelstoreAccount): Promise<string | undefined> {
	if (account.passwordMemory === 'plaintext') return account.password;
	// Loaded only here: the keyring module is a native addon most runs never need.
	if (account.passwordMemory === 'keyring') return (await import('./password-vault.js')).loadFromKeyring(account.id);
	return undefined;
}
