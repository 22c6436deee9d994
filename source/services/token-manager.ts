/**
 * The services as the app sees them (ManagerApi): a snapshot of the store for rendering,
 * refreshes through the coordinator, login/logout, auto-refresh, and pick-up of changes
 * another tokentop process wrote to the same store. This class only wires the parts together:
 * the entries (token-manager-snapshot.ts), the pick-up (store-watch.ts), auto-refresh
 * (auto-refresh.ts, planned by refresh-planner.ts) and refresh-all (worker-pool.ts).
 */
import type {Account} from './account.js';
import {AutoRefresher} from './auto-refresh.js';
import {isServiceError} from './errors.js';
import {runningKeepAlive} from './keep-alive-lock.js';
import type {InteractiveLoginIo} from './kind.js';
import type {BrowserSignInEvents, BrowserSignInHandle, BrowserSignInStart, BulkOutcome, LoginOutcome, LoginRequest, ManagerApi, ManagerSnapshot, RefreshOutcome, RemoveOutcome} from './manager-api.js';
import {openBrowser} from './open-browser.js';
import {PastedLines} from './pasted-lines.js';
import type {RefreshCoordinator} from './refresh.js';
import {failureOutcome, refreshIfStillDue} from './refresh-outcome.js';
import type {TokenStore} from './store/token-store.js';
import {type StoreWatcher, watchStoreForRefreshes} from './store-watch.js';
import {EntryList} from './token-manager-snapshot.js';
import {runPool} from './worker-pool.js';

// The network side (got, the keyring addon) loads on first use: the first frame needs none of it.
const sessionsModule = () => import('./sessions.js');

export interface TokenManagerOptions {
	clock?: () => number;
	/**
	 * How often the store is checked for changes by other processes (and the wall clock for jumps):
	 * default every second, or every 5 s while the file system tells of changes at once (inotify).
	 * The checks ride on the one-second beat the app's clock ticks on: a quiet app wakes once a
	 * second and, most seconds, does nothing but tick. Given, it is the interval either way.
	 */
	pollMs?: number;
	/** Refreshes running at once for refresh-all and auto-refresh. */
	concurrency?: number;
	/** Allow plain http to non-loopback hosts (--insecure). */
	insecure?: boolean;
	/** Auto-refresh on from the start (runs once start() is called). */
	autoRefresh?: boolean;
	/** A person turned auto-refresh on or off (the app remembers the choice). */
	onAutoRefreshChange?: (on: boolean) => void;
	/** Opens an address in a browser; says whether one was started (tests give their own). */
	openBrowser?: (url: string) => boolean;
	/** How long a browser sign-in waits for the browser (default: the kind's, 10 minutes). */
	signInTimeoutMs?: number;
}

const watchedPollMs = 5000;

export class TokenManager implements ManagerApi {
	private snapshot: ManagerSnapshot;
	private readonly listeners = new Set<() => void>();
	private coordinator?: Promise<RefreshCoordinator>;
	/** Accounts with a refresh or login in flight in this process. */
	private readonly busy = new Set<string>();
	private readonly clock: () => number;
	private readonly concurrency: number;
	private readonly entries = new EntryList();
	private readonly watcher: StoreWatcher;
	private readonly auto: AutoRefresher;
	/** The accounts as last read. */
	private accounts: Account[] = [];
	/** Browser sign-ins waiting for a person: stop() cancels them (their loopback receivers close). */
	private readonly signIns = new Set<BrowserSignInHandle>();

	constructor(
		private readonly store: TokenStore,
		private readonly options: TokenManagerOptions = {},
	) {
		this.clock = options.clock ?? Date.now;
		this.concurrency = options.concurrency ?? 4;
		this.snapshot = {entries: [], autoRefresh: options.autoRefresh ?? false};
		this.auto = new AutoRefresher({
			accounts: () => this.accounts,
			refresh: id => this.attempt(id, true),
			onSettled: () => this.reload(),
			clock: this.clock,
			concurrency: this.concurrency,
		});
		this.watcher = watchStoreForRefreshes(store, this.auto, {
			intervalMs: options.pollMs ?? 1000,
			watchedIntervalMs: options.pollMs ?? watchedPollMs,
			beatMs: 1000,
			watchDir: store.dir,
			reload: () => this.reload(),
			onTick: () => this.noteKeepAlive(),
			// A keep-alive starting or stopping writes or removes its pid file in the folder.
			onFolderChange: () => this.noteKeepAlive(),
		});
		this.reload();
		this.noteKeepAlive();
	}

	/** Starts watching the store (and auto-refresh when on). */
	start(): void {
		this.watcher.start();
		if (this.snapshot.autoRefresh) this.auto.start();
	}

	stop(): void {
		this.watcher.stop();
		this.auto.stop();
		for (const signIn of this.signIns) signIn.cancel();
	}

	getSnapshot = (): ManagerSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	async refresh(id: string): Promise<RefreshOutcome> {
		const before = this.accountById(id);
		const outcome = await this.attempt(id, false);
		if (before) this.auto.noteOutcome(before, outcome);
		this.reload();
		return outcome;
	}

	/** One refresh; an automatic one (`onlyIfDue`) goes ahead only if, under the lock, the account is still due. */
	private async attempt(id: string, onlyIfDue: boolean): Promise<RefreshOutcome> {
		this.busy.add(id);
		this.reload();
		try {
			const coordinator = await this.refreshCoordinator();
			if (onlyIfDue) return await refreshIfStillDue(coordinator, id, this.clock);
			return {ok: true, account: await coordinator.refresh(id)};
		} catch (error) {
			return failureOutcome(error);
		} finally {
			this.busy.delete(id);
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
		await runPool(accounts, this.concurrency, async ({id, name}) => {
			const outcome = await this.refresh(id);
			outcomes.push({id, name, outcome});
			bulk.done++;
			if (!outcome.ok) bulk.failed++;
			this.update({bulk: {...bulk}});
		});
		await this.store.compact().catch(() => undefined);
		this.update({bulk: undefined});
		return outcomes;
	}

	async relogin(id: string, password: string, authFactorToken?: string): Promise<RefreshOutcome> {
		const before = this.accountById(id);
		let outcome: RefreshOutcome;
		try {
			outcome = {ok: true, account: await (await sessionsModule()).relogin(this.store, id, password, authFactorToken)};
		} catch (error) {
			outcome = failureOutcome(error);
		}
		// A person's login ends any back-off; a failed one is not the server's fault.
		if (before && outcome.ok) this.auto.noteOutcome(before, outcome);
		this.reload();
		return outcome;
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

	signInWithBrowser(start: BrowserSignInStart, events: BrowserSignInEvents): BrowserSignInHandle {
		const cancel = new AbortController();
		const pasted = new PastedLines();
		const open = this.options.openBrowser ?? openBrowser;
		const io: InteractiveLoginIo = {
			showAddress: url => events.onAddress(url, open(url)),
			pastedLines: pasted,
			onPasteRefused: message => events.onPasteRefused(message),
			signal: cancel.signal,
			...(this.options.signInTimeoutMs === undefined ? {} : {timeoutMs: this.options.signInTimeoutMs}),
		};
		const signIn = async (): Promise<LoginOutcome> => {
			const sessions = await sessionsModule();
			if ('again' in start) {
				const before = this.accountById(start.again);
				const account = await sessions.reloginInBrowser(this.store, start.again, io, {insecure: this.options.insecure});
				// A person's login ends any back-off.
				if (before) this.auto.noteOutcome(before, {ok: true, account});
				return {ok: true, account, again: true};
			}
			const {account, again} = await sessions.signInInBrowser(this.store, {...start.request, name: start.request.name || undefined, insecure: this.options.insecure}, io, start.stored);
			return {ok: true, account, again};
		};
		const handle: BrowserSignInHandle = {
			paste: address => pasted.push(address),
			cancel: () => cancel.abort(),
			outcome: signIn()
				.catch(failureOutcome)
				.finally(() => {
					pasted.end();
					this.signIns.delete(handle);
					this.reload();
				}),
		};
		this.signIns.add(handle);
		return handle;
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
		this.update({autoRefresh: on});
		if (on) this.auto.start();
		else this.auto.stop();
		this.reload();
		this.options.onAutoRefreshChange?.(on);
	}

	storeInfo(): {path: string; mode: string} {
		return {path: this.store.path, mode: this.store.fileMode()};
	}

	/** Re-reads the store and publishes a new snapshot, reusing unchanged entry objects. */
	reload(): void {
		this.watcher.seen();
		try {
			this.accounts = this.store.read();
		} catch {
			// A config broken by someone else while we run: keep showing what we had.
			return;
		}
		const plannedAt = this.snapshot.autoRefresh ? (account: Account) => this.auto.plannedAt(account) : () => undefined;
		this.update({entries: this.entries.build(this.accounts, this.busy, plannedAt)});
	}

	/** Whether a `tokentop keep-alive` looks after this store (its pid file, checked on folder changes and every poll). */
	private noteKeepAlive(): void {
		const pid = runningKeepAlive(this.store.dir)?.pid;
		if (pid !== this.snapshot.keptAliveBy) this.update({keptAliveBy: pid});
	}

	private accountById(id: string): Account | undefined {
		return this.accounts.find(account => account.id === id);
	}

	private update(change: Partial<ManagerSnapshot>): void {
		this.snapshot = {...this.snapshot, ...change};
		for (const listener of this.listeners) listener();
	}
}
