/**
 * The token store: config.json managed by conf (0600, atomic rewrites, JSON schema, version
 * number) plus a small append-only journal of credential changes.
 *
 * Why a journal: a refresh rotates the refresh token, and the new one must be on disk before
 * anything reports success. Rewriting the whole config for each of a thousand refreshes would
 * write gigabytes; appending one fsync'd line per refresh writes kilobytes. The journal is
 * folded into config.json (one atomic rewrite) when it grows, and on every structural change.
 */
import Conf from 'conf';
import {closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync, chmodSync, mkdirSync, truncateSync} from 'node:fs';
import path from 'node:path';
import type {Account} from './account.js';
import {withFileLock} from './file-lock.js';
import {storeSchema, storeVersion} from './store-schema.js';

interface StoreData extends Record<string, unknown> {
	version: number;
	accounts: Account[];
}

/** The config cannot be used as it is. It was not touched; `backupPath` holds a copy. */
export class ConfigError extends Error {
	override readonly name = 'ConfigError';
	constructor(
		message: string,
		readonly backupPath?: string,
	) {
		super(message);
	}
}

export interface StoreOptions {
	dir: string;
	/** Fold the journal into config.json once it is larger than this many bytes. */
	journalFoldBytes?: number;
}

interface JournalRecord {
	put: Account;
}

export class TokenStore {
	readonly dir: string;
	readonly path: string;
	readonly journalPath: string;
	/** Things the user should be told once (e.g. "tightened the file mode"). */
	readonly notices: string[] = [];
	private readonly conf: Conf<StoreData>;
	private readonly journalFoldBytes: number;
	private configCache?: {stamp: string; accounts: Account[]};

	private constructor(options: StoreOptions, conf: Conf<StoreData>) {
		this.dir = options.dir;
		this.conf = conf;
		this.path = conf.path;
		this.journalPath = path.join(this.dir, 'journal.ndjson');
		this.journalFoldBytes = options.journalFoldBytes ?? 256 * 1024;
	}

	/** Opens (creating if needed) the store in `dir`. Throws ConfigError on an unusable config. */
	static open(options: StoreOptions): TokenStore {
		const notices: string[] = [];
		prepareFolder(options.dir, notices);
		const file = path.join(options.dir, 'config.json');
		checkExistingFile(file, notices);
		let conf: Conf<StoreData>;
		try {
			conf = new Conf<StoreData>({
				projectName: 'tokentop',
				cwd: options.dir,
				configName: 'config',
				configFileMode: 0o600,
				accessPropertiesByDotNotation: false,
				clearInvalidConfig: false,
				defaults: {version: storeVersion, accounts: []},
				schema: storeSchema as never,
			});
		} catch (error) {
			const backupPath = keepCopy(file);
			const reason = String((error as Error).message).replace(/^Config schema violation: /, '');
			throw new ConfigError(`${file} does not match tokentop's format (${truncate(reason, 200)}); left as it is, copy kept at ${backupPath}`, backupPath);
		}
		const store = new TokenStore(options, conf);
		store.notices.push(...notices);
		return store;
	}

	/** All accounts: config.json with the journal applied. Re-reads the files when they changed. */
	read(): Account[] {
		const byId = new Map(this.readConfigAccounts().map(account => [account.id, account]));
		for (const record of this.readJournal()) {
			const current = byId.get(record.put.id);
			// A journal line only updates an account still in the config and never goes backwards.
			if (current && record.put.revision >= current.revision) byId.set(record.put.id, record.put);
		}
		return [...byId.values()];
	}

	find(nameOrId: string): Account | undefined {
		const accounts = this.read();
		return accounts.find(account => account.name === nameOrId) ?? accounts.find(account => account.id === nameOrId);
	}

	/**
	 * Saves a credential change durably (fsync'd journal line) before returning. Returns false,
	 * writing nothing, when the account is gone or the store already holds a newer revision.
	 */
	async saveAccount(account: Account): Promise<boolean> {
		return this.withStoreLock(async () => {
			const current = this.read().find(candidate => candidate.id === account.id);
			if (!current || current.revision > account.revision) return false;
			appendDurably(this.journalPath, `${JSON.stringify({put: account} satisfies JournalRecord)}\n`);
			if (fileSize(this.journalPath) > this.journalFoldBytes) this.foldJournal();
			return true;
		});
	}

	/** A structural change (add, remove, rename): one atomic rewrite under the store lock. */
	async update(change: (accounts: Account[]) => Account[]): Promise<Account[]> {
		return this.withStoreLock(async () => {
			const next = change(this.read());
			this.writeConfig(next);
			return next;
		});
	}

	/** Folds the journal into config.json now (e.g. when a batch of refreshes is done). */
	async compact(): Promise<void> {
		await this.withStoreLock(async () => {
			if (fileSize(this.journalPath) > 0) this.foldJournal();
		});
	}

	/** Runs `task` holding this account's cross-process lock (read-refresh-write). */
	async withAccountLock<T>(id: string, task: () => Promise<T>): Promise<T> {
		return withFileLock(path.join(this.dir, 'locks', `${id}.lock`), task);
	}

	/** Octal file mode of config.json, e.g. "0600". */
	fileMode(): string {
		try {
			return `0${(statSync(this.path).mode & 0o777).toString(8)}`;
		} catch {
			return 'missing';
		}
	}

	/** Changes whenever another process wrote the store: for watching without reading. */
	changeStamp(): string {
		return `${stampOf(this.path)}|${stampOf(this.journalPath)}`;
	}

	private async withStoreLock<T>(task: () => Promise<T>): Promise<T> {
		return withFileLock(path.join(this.dir, 'config.lock'), task);
	}

	private foldJournal(): void {
		this.writeConfig(this.read());
		// Only after the rewrite landed (atomic rename) may the journal go.
		truncateSync(this.journalPath, 0);
	}

	private writeConfig(accounts: Account[]): void {
		this.conf.store = {version: storeVersion, accounts};
		this.configCache = undefined;
	}

	private readConfigAccounts(): Account[] {
		const stamp = stampOf(this.path);
		if (this.configCache?.stamp === stamp) return this.configCache.accounts;
		let data: StoreData;
		try {
			data = this.conf.store;
		} catch (error) {
			throw new ConfigError(`${this.path} became unreadable (${truncate((error as Error).message, 200)}); left as it is`);
		}
		const accounts = data.accounts ?? [];
		this.configCache = {stamp, accounts};
		return accounts;
	}

	private readJournal(): JournalRecord[] {
		let text: string;
		try {
			text = readFileSync(this.journalPath, 'utf8');
		} catch {
			return [];
		}
		const records: JournalRecord[] = [];
		for (const line of text.split('\n')) {
			if (!line) continue;
			try {
				const record = JSON.parse(line) as JournalRecord;
				if (record?.put && typeof record.put.id === 'string' && typeof record.put.revision === 'number') records.push(record);
			} catch {
				// A torn last line from a process killed mid-append: that refresh never reported success.
			}
		}
		return records;
	}
}

function prepareFolder(dir: string, notices: string[]): void {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const mode = statSync(dir).mode & 0o777;
	if (mode & 0o077) {
		chmodSync(dir, 0o700);
		notices.push(`Tightened ${dir} from 0${mode.toString(8)} to 0700 (it holds access tokens)`);
	}
	mkdirSync(path.join(dir, 'locks'), {recursive: true, mode: 0o700});
}

function checkExistingFile(file: string, notices: string[]): void {
	if (!existsSync(file)) return;
	const mode = statSync(file).mode & 0o777;
	if (mode & 0o077) {
		chmodSync(file, 0o600);
		notices.push(`Tightened ${file} from 0${mode.toString(8)} to 0600 (it holds access tokens)`);
	}
	const text = readFileSync(file, 'utf8');
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		const backupPath = keepCopy(file);
		throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}); left as it is, copy kept at ${backupPath}`, backupPath);
	}
	const version = (data as {version?: unknown})?.version;
	if (typeof version === 'number' && version > storeVersion) {
		const backupPath = keepCopy(file);
		throw new ConfigError(`${file} was written by a newer tokentop (format ${version}, this one reads ${storeVersion}); upgrade tokentop. Left as it is, copy kept at ${backupPath}`, backupPath);
	}
}

function keepCopy(file: string): string {
	const backupPath = `${file}.bad-${new Date().toISOString().replace(/[:.]/g, '-')}`;
	try {
		copyFileSync(file, backupPath);
		chmodSync(backupPath, 0o600);
	} catch {
		return '(copy failed)';
	}
	return backupPath;
}

function appendDurably(file: string, text: string): void {
	const fd = openSync(file, 'a', 0o600);
	try {
		writeSync(fd, text);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

function fileSize(file: string): number {
	try {
		return statSync(file).size;
	} catch {
		return 0;
	}
}

function stampOf(file: string): string {
	try {
		const stats = statSync(file);
		return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
	} catch {
		return 'none';
	}
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}
