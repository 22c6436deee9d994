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

/** One account's outcome in a refresh of all accounts. */
export interface BulkOutcome {
	id: string;
	name: string;
	outcome: RefreshOutcome;
}

export type RemoveOutcome = {ok: true; message: string} | {ok: false; kind: FailureKind; message: string};

export type LoginOutcome =
	/** `again`: a browser sign-in logged in again an account stored already (it kept its name and place). */
	| {ok: true; account: Account; again?: boolean}
	| {ok: false; kind: FailureKind; message: string};

/**
 * What a browser sign-in starts from: a login from the add form (`stored`: the id of the stored
 * account its identity names, logged in again in place), or a stored account to log in again.
 */
export type BrowserSignInStart = {request: LoginRequest; stored?: string} | {again: string};

/** What a browser sign-in tells the screen while it waits. */
export interface BrowserSignInEvents {
	/** The address to open (it holds no secret); `browserOpened`: a browser was started for it on this machine. */
	onAddress(url: string, browserOpened: boolean): void;
	/** A pasted address was refused (in words); the wait goes on. */
	onPasteRefused(message: string): void;
}

/** A browser sign-in in progress. */
export interface BrowserSignInHandle {
	/** The address the browser ended on, pasted by the person (over SSH the redirect cannot reach this machine). */
	paste(address: string): void;
	/** Stops waiting: the loopback receiver closes and nothing is stored. */
	cancel(): void;
	readonly outcome: Promise<LoginOutcome>;
}

export interface ManagerApi {
	getSnapshot(): ManagerSnapshot;
	subscribe(listener: () => void): () => void;
	/** Refreshes one account; joins a refresh already in flight for it. */
	refresh(id: string): Promise<RefreshOutcome>;
	/** Refreshes every account, a few at a time; progress shows in the snapshot's `bulk`. Each account's outcome; none when a refresh of all was running already. */
	refreshAll(): Promise<BulkOutcome[]>;
	/** Re-login of a Zettelstore/Bluesky account whose token was rejected, with a password the user typed. */
	relogin(id: string, password: string, authFactorToken?: string): Promise<RefreshOutcome>;
	login(request: LoginRequest): Promise<LoginOutcome>;
	/** Signs in through a browser (kinds whose login.method is 'browser'): opens one where it can, waits for its redirect or a pasted address. */
	signInWithBrowser(start: BrowserSignInStart, events: BrowserSignInEvents): BrowserSignInHandle;
	/** Logs out on the server (Bluesky deleteSession) and removes the account from the store; `force`: removes it even when the server cannot be reached. */
	remove(id: string, options?: {force?: boolean}): Promise<RemoveOutcome>;
	setAutoRefresh(on: boolean): void;
	/** Where the store lives, and its file mode as text (e.g. "0600"), for the detail pane. */
	storeInfo(): {path: string; mode: string};
}
