/**
 * What the UI may ask of the services. The UI holds one object of this shape (the real
 * TokenManager in the app, in tests too where a server is at hand) and never does I/O itself.
 */
import type {Account} from './account.js';
import type {LoginRequest} from './kind.js';
import type {FailureKind} from './errors.js';

/** One account as the UI sees it. Objects are replaced, never mutated, when something changes. */
export interface AccountEntry {
	account: Account;
	/** A refresh (or login) for this account is in flight. */
	refreshing: boolean;
	/** When auto-refresh is on: the time the next refresh is planned. */
	nextRefreshAt?: number;
}

export interface ManagerSnapshot {
	/** Sorted by name. Same array object until something changes (for useSyncExternalStore). */
	entries: readonly AccountEntry[];
	autoRefresh: boolean;
	/** Progress of a running refresh-all, if any. */
	bulk?: {done: number; failed: number; total: number};
	/** The pid of a `tokentop keep-alive` looking after this store, while one runs. */
	keptAliveBy?: number;
}

/** For the header: who keeps the store alive besides the app ("kept alive by pid 1234"), if anyone. */
export function keepAliveNote(snapshot: ManagerSnapshot): string | undefined {
	return snapshot.keptAliveBy === undefined ? undefined : `kept alive by pid ${snapshot.keptAliveBy}`;
}

export type RefreshOutcome =
	/** `skipped`: an automatic refresh found, under the account's lock, that it was no longer due (another tokentop had refreshed it). */
	| {ok: true; account: Account; skipped?: boolean}
	/** `resetAt`: the server's rate limit resets then (epoch ms). */
	| {ok: false; kind: FailureKind; message: string; resetAt?: number};

/** A login from the add form; `insecure` comes from the manager's own options. */
export type {LoginRequest} from './kind.js';

export type LoginOutcome =
	| {ok: true; account: Account}
	| {ok: false; kind: FailureKind; message: string};

export interface ManagerApi {
	getSnapshot(): ManagerSnapshot;
	subscribe(listener: () => void): () => void;
	/** Refreshes one account; joins a refresh already in flight for it. */
	refresh(id: string): Promise<RefreshOutcome>;
	/** Refreshes every account, a few at a time; progress shows in the snapshot's `bulk`. */
	refreshAll(): Promise<void>;
	/** Re-login of a Zettelstore/Bluesky account whose token was rejected, with a password the user typed. */
	relogin(id: string, password: string, authFactorToken?: string): Promise<RefreshOutcome>;
	login(request: LoginRequest): Promise<LoginOutcome>;
	/** Logs out on the server (Bluesky deleteSession) and removes the account from the store. */
	remove(id: string): Promise<{ok: boolean; message: string}>;
	setAutoRefresh(on: boolean): void;
	/** Where the store lives, and its file mode as text (e.g. "0600"), for the detail pane. */
	storeInfo(): {path: string; mode: string};
}
