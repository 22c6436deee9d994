/**
 * The services as the app sees them (ManagerApi): a snapshot of the store for rendering,
 * refreshes through the coordinator, login/logout, auto-refresh, and pick-up of changes
 * another tokentop process wrote to the same store.
 */
import type {Account} from './account.js';
import {accessExpiresAt, accessIssuedAt, needsNoAuth} from './account.js';
import {isServiceError} from './errors.js';
import {kindOf} from './kinds.js';
import type {AccountEntry, BulkOutcome, LoginOutcome, LoginRequest, ManagerApi, ManagerSnapshot, RefreshOutcome, RemoveOutcome} from './manager-api.js';
import type {RefreshCoordinator} from './refresh.js';
import type {TokenStore} from './store.js';

// The network side (got, the keyring addon) loads on first use: the first frame needs none of it.
const sessionsModule = () => import('./sessions.js');

export interface TokenManagerOptions {
	clock?: () => number;
	/** How often the store is checked for changes by other processes, and auto-refresh runs. */
	pollMs?: number;
	/** Refreshes running at once for refresh-all and auto-refresh. */
	concurrency?: number;
	/** Allow plain http to non-loopback hosts (--insecure). */
	insecure?: boolean;
}

interface Backoff {
	failures: number;
	notBefore: number;
}

export class TokenManager implements ManagerApi {
	private snapshot: ManagerSnapshot = {entries: [], autoRefresh: false};
	private readonly listeners = new Set<() => void>();
	private coordinator?: Promise<RefreshCoordinator>;
	/** Accounts with a refresh or login in flight in this process. */
	private readonly busy = new Set<string>();
	private readonly clock: () => number;
	private readonly concurrency: number;
	private readonly backoff = new Map<string, Backoff>();
	private readonly entryCache = new Map<string, AccountEntry>();
	private timer?: NodeJS.Timeout;
	private lastStamp = '';
	private autoRunning = 0;

	constructor(
		private readonly store: TokenStore,
		private readonly options: TokenManagerOptions = {},
	) {
		this.clock = options.clock ?? Date.now;
		this.concurrency = options.concurrency ?? 4;
		this.reload();
	}

	/** Starts watching the store (and auto-refresh when on). */
	start(): void {
		this.timer ??= setInterval(() => this.poll(), this.options.pollMs ?? 1000);
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
	}

	getSnapshot = (): ManagerSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	async refresh(id: string): Promise<RefreshOutcome> {
		this.busy.add(id);
		this.reload();
		try {
			const account = await (await this.refreshCoordinator()).refresh(id);
			this.backoff.delete(id);
			return {ok: true, account};
		} catch (error) {
			this.noteFailure(id);
			return failureOutcome(error);
		} finally {
			this.busy.delete(id);
			this.reload();
		}
	}

	private refreshCoordinator(): Promise<RefreshCoordinator> {
		this.coordinator ??= import('./refresh.js').then(({RefreshCoordinator}) => new RefreshCoordinator(this.store, this.clock));
		return this.coordinator;
	}

	async refreshAll(): Promise<BulkOutcome[]> {
		if (this.snapshot.bulk) return [];
		const accounts = this.snapshot.entries.map(entry => entry.account);
		const bulk = {done: 0, failed: 0, total: accounts.length};
		const outcomes: BulkOutcome[] = [];
		this.update({bulk: {...bulk}});
		let next = 0;
		const worker = async () => {
			while (next < accounts.length) {
				const {id, name} = accounts[next++]!;
				const outcome = await this.refresh(id);
				outcomes.push({id, name, outcome});
				bulk.done++;
				if (!outcome.ok) bulk.failed++;
				this.update({bulk: {...bulk}});
			}
		};
		await Promise.all(Array.from({length: Math.min(this.concurrency, accounts.length)}, worker));
		await this.store.compact().catch(() => undefined);
		this.update({bulk: undefined});
		return outcomes;
	}

	async relogin(id: string, password: string, authFactorToken?: string): Promise<RefreshOutcome> {
		try {
			const account = await (await sessionsModule()).relogin(this.store, id, password, authFactorToken);
			this.backoff.delete(id);
			return {ok: true, account};
		} catch (error) {
			return failureOutcome(error);
		} finally {
			this.reload();
		}
	}

	async login(request: LoginRequest): Promise<LoginOutcome> {
		try {
			const account = await (await sessionsModule()).login(this.store, {...request, name: request.name || undefined, insecure: this.options.insecure});
			return {ok: true, account};
		} catch (error) {
			return failureOutcome(error);
		} finally {
			this.reload();
		}
	}

	async remove(id: string, options: {force?: boolean} = {}): Promise<RemoveOutcome> {
		try {
			const {serverMessage} = await (await sessionsModule()).logout(this.store, id, options);
			return {ok: true, message: serverMessage};
		} catch (error) {
			return isServiceError(error) ? {ok: false, kind: error.kind, message: error.message} : {ok: false, kind: 'server', message: 'Could not remove the account'};
		} finally {
			this.reload();
		}
	}

	setAutoRefresh(on: boolean): void {
		this.backoff.clear();
		this.update({autoRefresh: on});
		this.reload();
		if (on) this.runAutoRefresh();
	}

	storeInfo(): {path: string; mode: string} {
		return {path: this.store.path, mode: this.store.fileMode()};
	}

	/** Re-reads the store and publishes a new snapshot, reusing unchanged entry objects. */
	reload(): void {
		this.lastStamp = this.store.changeStamp();
		let accounts: Account[];
		try {
			accounts = this.store.read();
		} catch {
			// A config broken by someone else while we run: keep showing what we had.
			return;
		}
		const entries = accounts
			.slice()
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(account => this.entryFor(account));
		const seen = new Set(entries.map(entry => entry.account.id));
		for (const id of this.entryCache.keys()) if (!seen.has(id)) this.entryCache.delete(id);
		this.update({entries});
	}

	private entryFor(account: Account): AccountEntry {
		const refreshing = this.busy.has(account.id);
		const nextRefreshAt = this.snapshot.autoRefresh ? this.plannedRefreshAt(account) : undefined;
		const cached = this.entryCache.get(account.id);
		if (cached && cached.account.revision === account.revision && cached.account.name === account.name && cached.refreshing === refreshing && cached.nextRefreshAt === nextRefreshAt) {
			return cached;
		}
		const entry: AccountEntry = {account, refreshing, nextRefreshAt};
		this.entryCache.set(account.id, entry);
		return entry;
	}

	/**
	 * When auto-refresh should renew this account: when its kind says it is due, with a
	 * per-account jitter so a thousand accounts do not fire in the same second, and later after
	 * failures.
	 */
	private plannedRefreshAt(account: Account): number | undefined {
		if (account.status === 'needs-login') return undefined;
		if (needsNoAuth(account)) return undefined;
		const lifetime = Math.max(0, accessExpiresAt(account) - accessIssuedAt(account));
		const due = kindOf(account).refreshDueAt(account);
		const jitter = lifetime * 0.03 * jitterFraction(account.id, account.revision);
		const planned = Math.round(due - jitter);
		const backoff = this.backoff.get(account.id);
		return backoff ? Math.max(planned, backoff.notBefore) : planned;
	}

	private noteFailure(id: string): void {
		const failures = (this.backoff.get(id)?.failures ?? 0) + 1;
		const delay = Math.min(10_000 * 2 ** (failures - 1), 10 * 60_000);
		this.backoff.set(id, {failures, notBefore: this.clock() + delay});
	}

	private poll(): void {
		if (this.store.changeStamp() !== this.lastStamp) this.reload();
		if (this.snapshot.autoRefresh) this.runAutoRefresh();
	}

	private runAutoRefresh(): void {
		const now = this.clock();
		for (const entry of this.snapshot.entries) {
			if (this.autoRunning >= this.concurrency) return;
			if (entry.refreshing || entry.nextRefreshAt === undefined || entry.nextRefreshAt > now) continue;
			this.autoRunning++;
			void this.refresh(entry.account.id).finally(() => {
				this.autoRunning--;
			});
		}
	}

	private update(change: Partial<ManagerSnapshot>): void {
		this.snapshot = {...this.snapshot, ...change};
		for (const listener of this.listeners) listener();
	}
}

function failureOutcome(error: unknown): {ok: false; kind: import('./errors.js').FailureKind; message: string} {
	if (isServiceError(error)) return {ok: false, kind: error.kind, message: error.message};
	return {ok: false, kind: 'server', message: error instanceof Error && error.name === 'LockTimeoutError' ? error.message : 'Unexpected failure'};
}

/** A stable number in [0, 1) per account and revision. */
function jitterFraction(id: string, revision: number): number {
	let hash = revision * 2654435761;
	for (const char of id) hash = (Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0);
	return (hash % 1000) / 1000;
}
