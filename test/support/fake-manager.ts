/**
 * An in-memory ManagerApi for UI tests. It keeps the contract: snapshots are replaced (never
 * mutated) on every change and keep their identity otherwise, refresh() really issues a new
 * token with a new expiry from the injected clock, failures carry a FailureKind and change
 * the account's status as the real manager does. Every call is recorded.
 */
import {type Account, accessExpiresAt, accessIssuedAt} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import type {FailureKind} from '../../source/services/errors.js';
import type {
	AccountEntry,
	BrowserSignInHandle,
	BulkOutcome,
	LoginOutcome,
	LoginRequest,
	ManagerApi,
	ManagerSnapshot,
	RefreshOutcome,
	RemoveOutcome,
} from '../../source/services/manager-api.js';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** A fixed start time for tests (2025-03-01T12:00:00Z), so times are reproducible. */
export const testEpoch = Date.UTC(2025, 2, 1, 12, 0, 0);

/** A JWT-looking token (never a real one) whose ends differ per serial, for masking tests. */
export function fakeJwt(serial: number): string {
	const body = Buffer.from(JSON.stringify({scope: 'com.atproto.access', sub: 'did:plc:test', serial})).toString('base64url');
	return `eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.${body}.sig${String(serial).padStart(6, '0')}`;
}

let serialCounter = 0;
function nextSerial(): number {
	serialCounter += 1;
	return serialCounter;
}

/** A new serial, and the id and name a fake account gets from it. */
function nextIdentity(idPrefix: string, namePrefix: string): {serial: number; id: string; name: string} {
	const serial = nextSerial();
	return {serial, id: `${idPrefix}${serial.toString(16).padStart(8, '0')}`, name: `${namePrefix}-${serial}`};
}

export function blueskyAccount(overrides: Partial<BlueskyAccount> = {}, now = testEpoch): BlueskyAccount {
	const {serial, ...identity} = nextIdentity('b', 'bsky');
	return {
		...identity,
		service: 'bluesky',
		url: 'https://bsky.social',
		identifier: `user${serial}.bsky.social`,
		handle: `user${serial}.bsky.social`,
		did: `did:plc:test${serial}`,
		pdsUrl: 'https://morel.us-east.host.bsky.network',
		accessJwt: fakeJwt(serial),
		refreshJwt: fakeJwt(serial + 100_000),
		accessIssuedAt: now,
		accessExpiresAt: now + 2 * hour,
		refreshExpiresAt: now + 90 * day,
		scope: 'com.atproto.access',
		createdAt: now,
		status: 'ok',
		revision: 1,
		...overrides,
	};
}

export function zettelstoreAccount(overrides: Partial<ZettelstoreAccount> = {}, now = testEpoch): ZettelstoreAccount {
	const {serial, ...identity} = nextIdentity('z', 'zettel');
	return {
		...identity,
		service: 'zettelstore',
		url: 'http://127.0.0.1:23123',
		user: `owner${serial}`,
		token: `zs-token-${String(serial).padStart(4, '0')}-abcdefghijklmnopqrstuvwxyz`,
		tokenReceivedAt: now,
		tokenExpiresAt: now + hour,
		reportedLifetime: 3600,
		freeAccess: false,
		era: 'sexpr',
		serverVersion: '0.18.0',
		claims: {kind: 1, user: `owner${serial}`, issuedAt: now, expiresAt: now + hour, format: 'sexpr'},
		passwordMemory: 'keyring',
		createdAt: now,
		status: 'ok',
		revision: 1,
		...overrides,
	};
}

type Method = 'refresh' | 'relogin' | 'login' | 'remove';

interface Failure {
	kind: FailureKind;
	message: string;
}

export interface FakeManagerOptions {
	accounts?: Account[];
	/** The clock new tokens are issued by; the same function the App gets. */
	now?: () => number;
	autoRefresh?: boolean;
	/** Lifetime of tokens issued by refresh/login. */
	lifetimeMs?: number;
	/** Password login() and relogin() accept. */
	password?: string;
	/** When set, a Bluesky login() without this code answers auth-factor-required. */
	authFactorCode?: string;
}

export class FakeManager implements ManagerApi {
	readonly calls = {
		refresh: [] as string[],
		refreshAll: 0,
		relogin: [] as Array<{id: string; password: string; authFactorToken?: string}>,
		login: [] as LoginRequest[],
		remove: [] as Array<{id: string; force: boolean}>,
		setAutoRefresh: [] as boolean[],
	};

	private snapshot: ManagerSnapshot;
	private readonly listeners = new Set<() => void>();
	private readonly failures = new Map<Method, Failure[]>();
	private readonly inFlight = new Map<string, Promise<RefreshOutcome>>();
	private held = false;
	private readonly waiting: Array<() => void> = [];
	private serial = 1000;
	private readonly now: () => number;
	private readonly lifetimeMs: number;
	private readonly password: string;
	private readonly authFactorCode: string | undefined;

	constructor(options: FakeManagerOptions = {}) {
		this.now = options.now ?? Date.now;
		this.lifetimeMs = options.lifetimeMs ?? 2 * hour;
		this.password = options.password ?? 'correct horse';
		this.authFactorCode = options.authFactorCode;
		const entries = (options.accounts ?? []).map((account) => ({account, refreshing: false}));
		this.snapshot = {entries: sortByName(entries), autoRefresh: options.autoRefresh ?? false};
	}

	// Arrow properties: the UI passes these around unbound (useSyncExternalStore).
	getSnapshot = (): ManagerSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** The next call of `method` fails with this kind (queue several by calling again). */
	failNext(method: Method, kind: FailureKind, message = `fake ${kind} failure`): void {
		const queue = this.failures.get(method) ?? [];
		queue.push({kind, message});
		this.failures.set(method, queue);
	}

	/** Holds every operation in flight until release() (to see "refreshing…" and bulk progress). */
	hold(): void {
		this.held = true;
	}

	/** Lets everything held (and everything later) go on. */
	release(): void {
		this.held = false;
		for (const go of this.waiting.splice(0)) go();
	}

	/** Lets the oldest held operation go on; the hold stays for the others. Resolves once one was waiting. */
	async releaseNext(): Promise<void> {
		while (this.waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
		this.waiting.shift()?.();
	}

	entry(id: string): AccountEntry | undefined {
		return this.snapshot.entries.find((entry) => entry.account.id === id);
	}

	/** Replaces an account as if another process had changed it. */
	replaceAccount(account: Account): void {
		this.updateEntry(account.id, (entry) => ({...entry, account}));
	}

	refresh(id: string): Promise<RefreshOutcome> {
		this.calls.refresh.push(id);
		const running = this.inFlight.get(id);
		if (running) return running;
		const started = this.runRefresh(id).finally(() => this.inFlight.delete(id));
		this.inFlight.set(id, started);
		return started;
	}

	async refreshAll(): Promise<BulkOutcome[]> {
		this.calls.refreshAll += 1;
		const accounts = this.snapshot.entries.map((entry) => entry.account);
		const outcomes: BulkOutcome[] = [];
		let failed = 0;
		this.setSnapshot({...this.snapshot, bulk: {done: 0, failed, total: accounts.length}});
		for (const {id, name} of accounts) {
			const outcome = await this.refresh(id);
			outcomes.push({id, name, outcome});
			if (!outcome.ok) failed += 1;
			this.setSnapshot({...this.snapshot, bulk: {done: outcomes.length, failed, total: accounts.length}});
		}
		const {bulk: _finished, ...rest} = this.snapshot;
		this.setSnapshot(rest);
		return outcomes;
	}

	async relogin(id: string, password: string, authFactorToken?: string): Promise<RefreshOutcome> {
		this.calls.relogin.push(authFactorToken === undefined ? {id, password} : {id, password, authFactorToken});
		await this.pause();
		const entry = this.entry(id);
		if (!entry) return {ok: false, kind: 'usage', message: `no account with id ${id}`};
		const failure = this.takeFailure('relogin');
		if (failure) return {ok: false, ...failure};
		if (password !== this.password) return {ok: false, kind: 'bad-credentials', message: 'Invalid identifier or password'};
		if (entry.account.service === 'bluesky' && this.authFactorCode !== undefined && authFactorToken !== this.authFactorCode) {
			return {ok: false, kind: 'auth-factor-required', message: 'A sign in code has been sent to your email address'};
		}
		const account = this.renewed(entry.account);
		this.updateEntry(id, () => ({account, refreshing: false}));
		return {ok: true, account};
	}

	async login(request: LoginRequest): Promise<LoginOutcome> {
		this.calls.login.push(request);
		await this.pause();
		const failure = this.takeFailure('login');
		if (failure) return {ok: false, ...failure};
		if (request.password !== this.password) return {ok: false, kind: 'bad-credentials', message: 'Invalid identifier or password'};
		if (request.service === 'bluesky' && this.authFactorCode !== undefined && request.authFactorToken !== this.authFactorCode) {
			return {ok: false, kind: 'auth-factor-required', message: 'A sign in code has been sent to your email address'};
		}
		const name = request.name ?? request.identifier;
		if (this.snapshot.entries.some((entry) => entry.account.name === name)) {
			return {ok: false, kind: 'usage', message: `an account named ${name} exists already`};
		}
		const now = this.now();
		const account: Account =
			request.service === 'bluesky'
				? blueskyAccount({name, url: request.url, identifier: request.identifier, handle: request.identifier}, now)
				: zettelstoreAccount({name, url: request.url, user: request.identifier, passwordMemory: request.rememberPassword ?? 'none'}, now);
		this.setSnapshot({...this.snapshot, entries: sortByName([...this.snapshot.entries, {account: this.renewed(account), refreshing: false}])});
		return {ok: true, account: this.entry(account.id)!.account};
	}

	/** Browser sign-ins are tested on the real TokenManager against the real PDS (test/ui/oauth-sign-in-form.test.tsx): here they only fail. */
	signInWithBrowser(): BrowserSignInHandle {
		return {paste() {}, cancel() {}, outcome: Promise.resolve({ok: false, kind: 'usage', message: 'the fake manager has no browser sign-in'})};
	}

	/** Like the real one: a failure keeps the account, unless `force` (then the server's failure is only reported). */
	async remove(id: string, options: {force?: boolean} = {}): Promise<RemoveOutcome> {
		const force = options.force ?? false;
		this.calls.remove.push({id, force});
		await this.pause();
		const entry = this.entry(id);
		if (!entry) return {ok: false, kind: 'usage', message: `no account with id ${id}`};
		const failure = force ? undefined : this.takeFailure('remove');
		if (failure) return {ok: false, ...failure};
		this.setSnapshot({...this.snapshot, entries: this.snapshot.entries.filter((other) => other.account.id !== id)});
		return {ok: true, message: force ? 'could not end the session on the server' : 'session ended on the server'};
	}

	setAutoRefresh(on: boolean): void {
		this.calls.setAutoRefresh.push(on);
		const entries = this.snapshot.entries.map((entry) => this.withPlan(entry, on));
		this.setSnapshot({...this.snapshot, autoRefresh: on, entries});
	}

	storeInfo(): {path: string; mode: string} {
		return {path: '/home/test/.config/tokentop/accounts.json', mode: '0600'};
	}

	private async runRefresh(id: string): Promise<RefreshOutcome> {
		const entry = this.entry(id);
		if (!entry) return {ok: false, kind: 'usage', message: `no account with id ${id}`};
		this.updateEntry(id, (current) => ({...current, refreshing: true}));
		await this.pause();
		const failure = this.takeFailure('refresh');
		const at = this.now();
		if (failure) {
			const status = failure.kind === 'needs-login' || failure.kind === 'account-takedown' ? 'needs-login' : 'error';
			this.updateEntry(id, (current) => ({
				...current,
				refreshing: false,
				account: {...current.account, status, statusMessage: failure.message, lastRefresh: {at, ok: false, message: failure.message}},
			}));
			return {ok: false, ...failure};
		}
		const current = this.entry(id)!.account;
		const account = youngZettelstoreToken(current, at) ? {...current, lastRefresh: {at, ok: true}, revision: current.revision + 1} : this.renewed(current);
		this.updateEntry(id, (entry) => ({...entry, account, refreshing: false}));
		return {ok: true, account};
	}

	/** A fresh token issued now, as a successful refresh or login leaves the account. */
	private renewed(account: Account): Account {
		const now = this.now();
		this.serial += 1;
		const common = {status: 'ok' as const, statusMessage: undefined, lastRefresh: {at: now, ok: true}, revision: account.revision + 1};
		if (account.service === 'bluesky') {
			return {...account, ...common, accessJwt: fakeJwt(this.serial), accessIssuedAt: now, accessExpiresAt: now + this.lifetimeMs};
		}
		if (account.service === 'bluesky-oauth') {
			return {...account, ...common, accessIssuedAt: now, tokens: {...account.tokens, accessToken: `oauth-token-${this.serial}`, refreshedAt: now, accessExpiresAt: now + this.lifetimeMs}};
		}
		if (account.freeAccess) return {...account, ...common};
		return {
			...account,
			...common,
			token: `zs-token-${this.serial}-renewed-abcdefghijklmnopqrstuvwxyz`,
			tokenReceivedAt: now,
			tokenExpiresAt: now + this.lifetimeMs,
			reportedLifetime: this.lifetimeMs / 1000,
			claims: {...account.claims, format: account.claims?.format ?? 'sexpr', issuedAt: now, expiresAt: now + this.lifetimeMs},
		};
	}

	private withPlan(entry: AccountEntry, autoRefresh: boolean): AccountEntry {
		if (!autoRefresh) {
			const {nextRefreshAt: _dropped, ...rest} = entry;
			return rest;
		}
		const {account} = entry;
		const expiresAt = accessExpiresAt(account);
		const issuedAt = accessIssuedAt(account);
		// Like the real planner: at three quarters of the lifetime.
		return {...entry, nextRefreshAt: expiresAt - (expiresAt - issuedAt) / 4};
	}

	private takeFailure(method: Method): Failure | undefined {
		return this.failures.get(method)?.shift();
	}

	private async pause(): Promise<void> {
		// Always asynchronous, like real I/O; waits while the test holds.
		await Promise.resolve();
		if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private updateEntry(id: string, change: (entry: AccountEntry) => AccountEntry): void {
		const entries = this.snapshot.entries.map((entry) => {
			if (entry.account.id !== id) return entry;
			return this.withPlan(change(entry), this.snapshot.autoRefresh);
		});
		this.setSnapshot({...this.snapshot, entries});
	}

	private setSnapshot(snapshot: ManagerSnapshot): void {
		this.snapshot = snapshot;
		for (const listener of this.listeners) listener();
	}
}

/** Like a Zettelstore server: a renewal in the first quarter of a token's lifetime hands back the same token. */
function youngZettelstoreToken(account: Account, now: number): boolean {
	if (account.service !== 'zettelstore' || account.status !== 'ok' || account.freeAccess) return false;
	return now - account.tokenReceivedAt < (account.tokenExpiresAt - account.tokenReceivedAt) / 4;
}

function sortByName(entries: AccountEntry[]): AccountEntry[] {
	return entries.sort((left, right) => left.account.name.localeCompare(right.account.name));
}
