/**
 * The token store, as the rest of tokentop sees it: config.json (config-file.ts) plus a journal
 * of credential changes (journal.ts), merged on read (account-view.ts), saved under
 * cross-process locks, kept private (permissions.ts).
 *
 * Nothing is created until something is written: a folder that does not exist reads as an empty
 * store, and only a write (a login) makes it. Every write first checks that the store can be
 * written, so a read-only or foreign store fails before anything is sent to a server.
 */
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Account} from '../account.js';
import {ServiceError} from '../errors.js';
import {withFileLock} from '../file-lock.js';
import {AccountView} from './account-view.js';
import {ConfigFile} from './config-file.js';
import {GroupCommit} from './group-commit.js';
import {Journal, type JournalRecord} from './journal.js';
import {checkWritable, createPrivateFolder, tighten} from './permissions.js';

export interface StoreOptions {
	dir: string;
	/**
	 * Fold the journal into config.json once it is larger than this many bytes. Default: the
	 * larger of 256 KiB and config.json's size, so the rewrites cost at most as many bytes as
	 * the appends they replace, whatever the number of accounts.
	 */
	journalFoldBytes?: number;
}

export class TokenStore {
	readonly dir: string;
	readonly path: string;
	readonly journalPath: string;
	/** Things the user should be told once (e.g. "tightened the file mode"). */
	readonly notices: string[] = [];
	private readonly locksDir: string;
	private readonly config: ConfigFile;
	private readonly journal: Journal;
	private readonly view = new AccountView();
	private readonly saves = new GroupCommit<Account, boolean>(accounts => this.withStoreLock(() => this.appendBatch(accounts)));
	private readonly journalFoldBytes?: number;
	/** Set once the folder was made (if needed) and found writable: checked once per process. */
	private writable = false;

	private constructor(options: StoreOptions) {
		this.dir = options.dir;
		this.path = path.join(this.dir, 'config.json');
		this.journalPath = path.join(this.dir, 'journal.ndjson');
		this.locksDir = path.join(this.dir, 'locks');
		this.config = new ConfigFile(this.path);
		this.journal = new Journal(this.journalPath);
		this.journalFoldBytes = options.journalFoldBytes;
	}

	/** Opens the store in `dir` without creating anything. Throws a 'config' failure on an unusable config. */
	static open(options: StoreOptions): TokenStore {
		const store = new TokenStore(options);
		for (const target of [store.dir, store.path, store.journalPath]) tighten(target, store.notices);
		store.config.accounts();
		return store;
	}

	/** Whether the store's folder exists (a login makes it). */
	exists(): boolean {
		return existsSync(this.dir);
	}

	/** For the commands that read an existing store: a 'no-store' failure when there is none. */
	requireExisting(): void {
		if (!this.exists()) throw new ServiceError('no-store', `No tokentop store at ${this.dir} — log in first (tokentop login …), or check --config-dir`);
	}

	/** All accounts: config.json with the journal applied. Re-reads the files only when they changed. */
	read(): Account[] {
		return [...this.current().values()];
	}

	/** One account by id, as read() would give it (files re-checked), without listing them all. */
	get(id: string): Account | undefined {
		return this.current().get(id);
	}

	find(nameOrId: string): Account | undefined {
		const accounts = this.read();
		return accounts.find(account => account.name === nameOrId) ?? accounts.find(account => account.id === nameOrId);
	}

	/**
	 * Saves a credential change durably (fsync'd journal line) before resolving. Resolves false,
	 * writing nothing, when the account is gone or the store already holds a newer revision.
	 * Saves made together share one lock, one append and one fsync.
	 */
	saveAccount(account: Account): Promise<boolean> {
		return this.saves.submit(account);
	}

	/** A structural change (add, remove, rename): one atomic rewrite under the store lock. */
	async update(change: (accounts: Account[]) => Account[]): Promise<Account[]> {
		return this.withStoreLock(async () => {
			const next = change(this.read());
			await this.config.write(next);
			await this.journal.reset();
			return next;
		});
	}

	/** Folds the journal into config.json now (a batch of refreshes is done, the app closes). */
	async compact(): Promise<void> {
		// Nothing to fold: no lock, no write (a read-only or not yet made store stays as it is).
		if (this.journal.size() === 0) return;
		await this.withStoreLock(async () => {
			if (this.journal.size() > 0) await this.foldJournal();
		});
	}

	/** Runs `task` holding this account's cross-process lock (read-refresh-write). */
	async withAccountLock<T>(id: string, task: () => Promise<T>): Promise<T> {
		this.prepareForWriting();
		return withFileLock(path.join(this.locksDir, `${id}.lock`), task);
	}

	/** Octal file mode of config.json, e.g. "0600". */
	fileMode(): string {
		try {
			return `0${(statSync(this.path).mode & 0o777).toString(8)}`;
		} catch {
			return 'not written yet';
		}
	}

	/** Changes whenever another process wrote the store: for watching without reading. */
	changeStamp(): string {
		return `${this.config.stamp()}|${this.journal.stamp()}`;
	}

	/** The merged view, brought up to date with the files: two stat calls when nothing changed. */
	private current(): Map<string, Account> {
		// Journal first: a fold by another process between the two reads then only means the
		// config already holds what the journal said, never an old config with an empty journal.
		const records = this.journal.records();
		return this.view.accounts(this.config.accounts(), records);
	}

	private async withStoreLock<T>(task: () => Promise<T>): Promise<T> {
		this.prepareForWriting();
		return withFileLock(path.join(this.dir, 'config.lock'), task);
	}

	/**
	 * A 'storage' failure naming the place and the reason when the store could not be written
	 * (read-only, no permission), found without writing anything: for a login, before it signs in.
	 */
	requireWritable(): void {
		checkWritable([nearestExisting(this.dir), this.locksDir, this.path, this.journalPath]);
	}

	/** Makes the folders when missing and checks that the store can be written, before any lock or request. */
	private prepareForWriting(): void {
		if (this.writable) return;
		this.requireWritable();
		createPrivateFolder(this.dir);
		createPrivateFolder(this.locksDir);
		this.writable = true;
	}

	/** Under the store lock: appends the saves that are newer than what is on disk, then folds when the journal grew large. */
	private async appendBatch(accounts: Account[]): Promise<boolean[]> {
		// What is on disk now, another process's saves included.
		const current = this.current();
		const accepted = new Map<string, Account>();
		const records: JournalRecord[] = [];
		const results = accounts.map(account => {
			const stored = accepted.get(account.id) ?? current.get(account.id);
			if (!stored || stored.revision > account.revision) return false;
			accepted.set(account.id, account);
			records.push({put: account});
			return true;
		});
		if (records.length === 0) return results;
		const journalBytes = await this.journal.append(records);
		if (journalBytes > this.foldThreshold()) {
			// The saves are durable already; a fold that fails (a full disk) is tried again on the next save.
			await this.foldJournal().catch(() => undefined);
		}
		return results;
	}

	private foldThreshold(): number {
		return this.journalFoldBytes ?? Math.max(256 * 1024, this.config.bytes());
	}

	private async foldJournal(): Promise<void> {
		await this.config.write(this.read());
		// Only after the rewrite landed (atomic rename) may the journal go.
		await this.journal.reset();
	}
}

/** The folder itself, or the closest parent that exists (where it would be made). */
function nearestExisting(dir: string): string {
	let current = dir;
	while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
	return current;
}
