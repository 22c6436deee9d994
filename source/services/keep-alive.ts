/**
 * The keep-alive: the app's auto-refresh with no screen, for a service manager or a terminal
 * multiplexer. It plans with the same planner (one timer for the earliest refresh), picks up
 * accounts other tokentops add or remove (store-watch.ts), notices a wall clock that jumped,
 * and tells what happens as events — never a token or a password in any of them.
 *
 * Two tokentops on one store (this and the app, or a `token` call) never refresh an account
 * twice for the same due time: every automatic refresh checks again, under the account's
 * cross-process lock, that the stored account is still due.
 */
import {formatCountdown, formatLocalTime} from '../rules/time-format.js';
import type {Account} from './account.js';
import {accessExpiresAt, needsNoAuth} from './account.js';
import {type Alert, type HookResult, notifyDesktop, runHook} from './alert-hooks.js';
import {AlertMemory, alertMemoryPath} from './alert-memory.js';
import {AutoRefresher, type Timers} from './auto-refresh.js';
import {describeError, type FailureKind} from './errors.js';
import {kindOf} from './kinds.js';
import type {RefreshOutcome} from './manager-api.js';
import {RefreshCoordinator} from './refresh.js';
import {refreshIfStillDue} from './refresh-outcome.js';
import type {TokenStore} from './store/token-store.js';
import {type StoreWatcher, watchStoreForRefreshes} from './store-watch.js';
import {type TokenFile, TokenFiles} from './token-files.js';

/** An account as events name it: never a credential. */
export interface AccountRef {
	id: string;
	name: string;
	service: string;
}

export type KeepAliveEvent =
	| {type: 'started'; accounts: number; pid: number; dir: string}
	| {type: 'refreshed'; account: AccountRef; expiresAt: number; unchanged?: boolean; note?: string}
	| {type: 'failed'; account: AccountRef; kind: FailureKind; message: string; retryAt?: number}
	/** `before`: it needed a login already when the keep-alive started. */
	| {type: 'needs-login'; account: AccountRef; message: string; before?: boolean}
	| {type: 'added'; account: AccountRef}
	| {type: 'removed'; account: AccountRef}
	| {type: 'clock-jump'; ms: number}
	| {type: 'store-problem'; message: string}
	| {type: 'token-file-failed'; account: string; path: string; message: string}
	/** The refresh token (or session) ends within the warning days. */
	| {type: 'session-ending'; account: AccountRef; endsAt: number}
	/** An alert command (or notify-send) ran. */
	| {type: 'hook'; account: AccountRef; hook: string; code: number | null; signal?: string; output?: string}
	| {type: 'stopped'};

export interface AlertOptions {
	/** Shell command run when an account turns "needs login". */
	onNeedsLogin?: string;
	/** Shell command run when an account's refresh token or session ends within `sessionWarningDays`. */
	onSessionEnding?: string;
	sessionWarningDays: number;
	/** Also a desktop notification (notify-send). */
	notify?: boolean;
}

export interface KeepAliveOptions {
	store: TokenStore;
	onEvent: (event: KeepAliveEvent) => void;
	clock?: () => number;
	monotonic?: () => number;
	timers?: Timers;
	/**
	 * How often the store is checked for changes by others (and the clock for jumps). Default
	 * 10 s, or 60 s while the file system tells of changes at once (store-watch.ts): a keep-alive
	 * that wakes rarely costs next to nothing. A wall-clock jump (the machine slept) is then seen
	 * within a minute. Given, it is the interval either way.
	 */
	pollMs?: number;
	/** Refreshes at once. Default 4. */
	concurrency?: number;
	/** Files kept holding an account's current access token (--write-token). */
	tokenFiles?: readonly TokenFile[];
	alerts?: AlertOptions;
}

const defaultPollMs = 10_000;
const defaultWatchedPollMs = 60_000;
/** setTimeout's longest delay. */
const maxTimerMs = 2 ** 31 - 1;
/** The session-end check runs on every store change, and at least this often. */
const sessionCheckMs = 60_000;
const day = 24 * 60 * 60 * 1000;

export function accountRef(account: Account): AccountRef {
	return {id: account.id, name: account.name, service: account.service};
}

export class KeepAlive {
	private accounts: Account[] = [];
	private readonly known = new Map<string, Account>();
	private readonly auto: AutoRefresher;
	private readonly watcher: StoreWatcher;
	private readonly coordinator: RefreshCoordinator;
	private readonly clock: () => number;
	private readonly tokenFiles: TokenFiles;
	private readonly alerts: AlertOptions;
	/** Accounts this run told about their session's end (until it moves out of the warning window). */
	private readonly sessionWarned = new Set<string>();
	/** What was alerted already, also by an earlier run (alerts.json). */
	private readonly memory: AlertMemory;
	private readonly hooksRunning = new Set<Promise<void>>();
	private lastSessionCheck = 0;
	private tokenFileTimer?: NodeJS.Timeout;
	private stopped = false;
	private lastStoreProblem?: string;

	constructor(private readonly options: KeepAliveOptions) {
		this.clock = options.clock ?? Date.now;
		this.alerts = options.alerts ?? {sessionWarningDays: 7};
		this.memory = new AlertMemory(alertMemoryPath(options.store.dir));
		this.coordinator = new RefreshCoordinator(options.store, this.clock);
		this.tokenFiles = new TokenFiles(options.tokenFiles ?? [], (file, message) => this.emit({type: 'token-file-failed', account: file.name, path: file.path, message}));
		this.auto = new AutoRefresher({
			accounts: () => this.accounts,
			refresh: id => refreshIfStillDue(this.coordinator, id, this.clock),
			onSettled: (account, outcome) => this.settled(account, outcome),
			onClockJump: ms => this.emit({type: 'clock-jump', ms}),
			clock: this.clock,
			monotonic: options.monotonic,
			timers: options.timers,
			concurrency: options.concurrency,
		});
		this.watcher = watchStoreForRefreshes(options.store, this.auto, {
			intervalMs: options.pollMs ?? defaultPollMs,
			watchedIntervalMs: options.pollMs ?? defaultWatchedPollMs,
			watchDir: options.store.dir,
			reload: () => this.reload(),
			onTick: () => {
				const now = this.clock();
				this.refreshTokenFiles(now);
				if (now - this.lastSessionCheck >= sessionCheckMs) this.checkSessions(now);
			},
		});
	}

	start(): void {
		this.reload(true);
		this.emit({type: 'started', accounts: this.accounts.length, pid: process.pid, dir: this.options.store.dir});
		this.watcher.start();
		this.auto.start();
	}

	/** Stops planning and waits for the refreshes in flight (every rotated credential is saved) and the alert commands. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.tokenFileTimer);
		this.watcher.stop();
		this.auto.stop();
		await this.auto.idle();
		while (this.hooksRunning.size > 0) await Promise.all(this.hooksRunning);
		this.emit({type: 'stopped'});
	}

	/** Re-reads the store and tells what changed: accounts added or removed, accounts that now need a login. */
	private reload(atStart = false): void {
		this.watcher.seen();
		let accounts: Account[];
		try {
			accounts = this.options.store.read();
			this.lastStoreProblem = undefined;
		} catch (error) {
			// Someone broke the config while we run: keep what we had, say so once.
			const message = describeError(error);
			if (message !== this.lastStoreProblem) this.emit({type: 'store-problem', message});
			this.lastStoreProblem = message;
			return;
		}
		this.accounts = accounts;
		const seen = new Set<string>();
		for (const account of accounts) {
			seen.add(account.id);
			const before = this.known.get(account.id);
			if (!before && !atStart) this.emit({type: 'added', account: accountRef(account)});
			if (account.status !== 'needs-login') this.memory.clearNeedsLogin(account.id);
			else if (atStart || before?.status !== 'needs-login') {
				const message = account.statusMessage ?? 'the server refused the credential';
				this.emit({type: 'needs-login', account: accountRef(account), message, ...(atStart ? {before: true} : {})});
				// Once each time it turns, also when it turned while no keep-alive ran; never again after a restart.
				if (this.memory.firstNeedsLogin(account.id, account.revision)) this.alert({account: accountRef(account), state: 'needs-login', message}, this.alerts.onNeedsLogin, 'on-needs-login');
			}
			this.known.set(account.id, account);
		}
		for (const [id, account] of this.known) {
			if (seen.has(id)) continue;
			this.known.delete(id);
			this.emit({type: 'removed', account: accountRef(account)});
		}
		this.memory.keepOnly(seen);
		this.tokenFiles.update(accounts, this.clock());
		this.planTokenFileExpiry(this.clock());
		this.checkSessions(this.clock());
	}

	/** Empties token files whose token expired, and plans the next such moment. */
	private refreshTokenFiles(now: number): void {
		this.tokenFiles.refresh(now);
		this.planTokenFileExpiry(now);
	}

	/** A token file is emptied the moment its token expires, not at the next tick. */
	private planTokenFileExpiry(now: number): void {
		clearTimeout(this.tokenFileTimer);
		const next = this.tokenFiles.nextExpiry(now);
		if (next === undefined || this.stopped) return;
		this.tokenFileTimer = setTimeout(() => this.refreshTokenFiles(this.clock()), Math.min(next - now + 1, maxTimerMs));
	}

	/** Warns once when an account's refresh token or session comes within the warning days of its end. */
	private checkSessions(now: number): void {
		this.lastSessionCheck = now;
		const window = this.alerts.sessionWarningDays * day;
		for (const account of this.accounts) {
			const endsAt = account.status === 'needs-login' || needsNoAuth(account) ? undefined : kindOf(account).refreshExpiresAt(account);
			if (endsAt === undefined || endsAt - now > window) {
				this.sessionWarned.delete(account.id);
				this.memory.clearSessionEnding(account.id);
				continue;
			}
			if (this.sessionWarned.has(account.id)) continue;
			this.sessionWarned.add(account.id);
			this.emit({type: 'session-ending', account: accountRef(account), endsAt});
			const message = endsAt > now ? `the refresh token ends ${formatLocalTime(endsAt)} (in ${formatCountdown(endsAt - now)}): log in again before then` : `the refresh token ended ${formatLocalTime(endsAt)}: log in again`;
			// The command runs once per warning, not again after a restart.
			if (this.memory.firstSessionEnding(account.id)) this.alert({account: accountRef(account), state: 'session-ending', message}, this.alerts.onSessionEnding, 'on-session-ending');
		}
		this.memory.save();
	}

	/** Runs the alert's command and the desktop notification, when asked for, and tells how they went. */
	private alert(alert: Alert, command: string | undefined, hook: string): void {
		const runs: Array<[string, () => Promise<HookResult>]> = [];
		if (command) runs.push([hook, () => runHook(command, alert)]);
		if (this.alerts.notify) runs.push(['notify-send', () => notifyDesktop(alert)]);
		for (const [name, run] of runs) {
			const running: Promise<void> = run().then(result => {
				this.hooksRunning.delete(running);
				this.emit({type: 'hook', account: alert.account, hook: name, code: result.code, ...(result.signal ? {signal: result.signal} : {}), ...(result.output ? {output: result.output} : {})});
			});
			this.hooksRunning.add(running);
		}
	}

	private settled(account: Account, outcome: RefreshOutcome): void {
		this.reload();
		if (outcome.ok) {
			if (outcome.skipped) return;
			const refreshed = outcome.account;
			this.emit({
				type: 'refreshed',
				account: accountRef(refreshed),
				expiresAt: accessExpiresAt(refreshed),
				...(accessExpiresAt(refreshed) <= accessExpiresAt(account) ? {unchanged: true} : {}),
				...(refreshed.lastRefresh?.message ? {note: refreshed.lastRefresh.message} : {}),
			});
			return;
		}
		const stored = this.known.get(account.id);
		// A rejected credential shows as "needs login" (the reload above said so), a vanished account as "removed".
		if (!stored || stored.status === 'needs-login') return;
		this.emit({type: 'failed', account: accountRef(stored), kind: outcome.kind, message: outcome.message, retryAt: this.auto.plannedAt(stored)});
	}

	private emit(event: KeepAliveEvent): void {
		this.options.onEvent(event);
	}
}
