/**
 * Refresh orchestration: one refresh in flight per account in this process, the account's
 * cross-process lock around read-refresh-write, and the rotated credential saved before
 * anything reports success.
 *
 * The credential sent is always the one re-read from the store under the lock, never a copy
 * held in memory: another process may have rotated it meanwhile.
 */
import type {Account} from './account.js';
import {accessExpiresAt, isUsable} from './account.js';
import {ServiceError, isServiceError, rejectsCredential} from './errors.js';
import {kindOf} from './kinds.js';
import {traceRefresh} from './refresh-trace.js';
import type {TokenStore} from './store/token-store.js';

export interface RefreshOptions {
	/** Skip the refresh when the access token still has at least this long (ms) left. */
	minValidMs?: number;
	/**
	 * Refresh only when this holds for the account as read under its lock (e.g. "still due"):
	 * another tokentop may have refreshed it while this one waited. Otherwise the stored account
	 * is returned and no request is made.
	 */
	onlyIf?: (account: Account) => boolean;
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
		if (options.onlyIf && !options.onlyIf(account)) return account;
		try {
			const operations = await kindOf(account).operations();
			traceRefresh('sending', id);
			const refreshed = await operations.refresh(account, {persist: next => this.persist(next)});
			// Nothing between the answer and its fsync: the server has rotated the credential, and until
			// the new one is on disk a kill loses it (OAuth: the session; the old token is a replay).
			traceRefresh('answered', id);
			await this.persist(refreshed);
			traceRefresh('persisted', id);
			return refreshed;
		} catch (error) {
			await this.markFailure(account, error);
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
