/**
 * The token store: config.json written through conf (0600, atomic rewrites, JSON schema,
 * version number) plus a small append-only journal of credential changes.
 *
 * Why a journal: a refresh rotates the refresh token, and the new one must be on disk before
 * anything reports success. Rewriting the whole config for each of a thousand refreshes would
 * write gigabytes; appending one fsync'd line per refresh writes kilobytes. Saves that arrive
 * together share one append and one fsync (group commit). The journal is folded into
 * config.json (one atomic rewrite) when it grows, and on every structural change.
 *
 * Reads parse the files directly and check them against the same schema with a small checker;
 * conf is loaded only when something is written, and what it writes is checked with that same
 * checker first (compiling the schema with ajv cost more than the check itself: 50 ms and up,
 * paid by every `refresh --all` for its closing fold).
 */
import type Conf from 'conf';
import {chmodSync, closeSync, copyFileSync, existsSync, fdatasync, fstatSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync} from 'node:fs';
import {rename, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import type {Account} from './account.js';
import {withFileLock} from './file-lock.js';
import {firstSchemaProblem} from './schema-check.js';
import {storeFileSchema, storeVersion} from './store-schema.js';

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
	/**
	 * Fold the journal into config.json once it is larger than this many bytes. Default: the
	 * larger of 256 KiB and config.json's size, so the rewrites cost at most as many bytes as
	 * the appends they replace, whatever the number of accounts.
	 */
	journalFoldBytes?: number;
}

interface JournalRecord {
	put: Account;
}

interface PendingSave {
	account: Account;
	resolve: (saved: boolean) => void;
	reject: (error: unknown) => void;
}

export class TokenStore {
	readonly dir: string;
	readonly path: string;
	readonly journalPath: string;
	/** Things the user should be told once (e.g. "tightened the file mode"). */
	readonly notices: string[] = [];
	private readonly journalFoldBytes?: number;
	private conf?: Conf<StoreData>;
	private configCache?: {stamp: string; bytes: number; accounts: Account[]};
	/** Records read so far from the journal file with inode `ino`, up to byte `offset`. */
	private journalCache = {ino: -1, offset: 0, records: [] as JournalRecord[]};
	/**
	 * The merged view that read() answers from: `config` (the accounts of configCache) with the
	 * first `applied` of `records` (journalCache's) applied. New journal lines are applied as they
	 * come; a new config or a new journal file (fold, reset) rebuilds it.
	 */
	private view?: {config: Account[]; records: JournalRecord[]; applied: number; byId: Map<string, Account>};
	private pendingSaves: PendingSave[] = [];
	private flushing?: Promise<void>;

	private constructor(options: StoreOptions) {
		this.dir = options.dir;
		this.path = path.join(this.dir, 'config.json');
		this.journalPath = path.join(this.dir, 'journal.ndjson');
		this.journalFoldBytes = options.journalFoldBytes;
	}

	/** Opens the store in `dir` (creating the folder). Throws ConfigError on an unusable config. */
	static open(options: StoreOptions): TokenStore {
		const store = new TokenStore(options);
		prepareFolder(store.dir, store.notices);
		if (existsSync(store.path)) {
			tightenFile(store.path, store.notices);
			store.readConfigAccounts();
		}
		return store;
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
	 */
	saveAccount(account: Account): Promise<boolean> {
		return new Promise((resolve, reject) => {
			this.pendingSaves.push({account, resolve, reject});
			this.scheduleFlush();
		});
	}

	private scheduleFlush(): void {
		if (this.flushing) return;
		// One turn of the event loop first: answers that arrived together join one batch (one
		// lock, one append, one fsync) instead of the first of them going alone.
		this.flushing = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushSaves()).finally(() => {
			this.flushing = undefined;
			// A save queued while the last batch was being resolved.
			if (this.pendingSaves.length > 0) this.scheduleFlush();
		});
	}

	/** A structural change (add, remove, rename): one atomic rewrite under the store lock. */
	async update(change: (accounts: Account[]) => Account[]): Promise<Account[]> {
		return this.withStoreLock(async () => {
			const next = change(this.read());
			await this.writeConfig(next);
			await this.resetJournal();
			return next;
		});
	}

	/** Folds the journal into config.json now (e.g. when a batch of refreshes is done). */
	async compact(): Promise<void> {
		await this.withStoreLock(async () => {
			if (fileSize(this.journalPath) > 0) await this.foldJournal();
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
			return 'not written yet';
		}
	}

	/** Changes whenever another process wrote the store: for watching without reading. */
	changeStamp(): string {
		return `${stampOf(this.path)}|${stampOf(this.journalPath)}`;
	}

	/** The merged view, brought up to date with the files: two stat calls when nothing changed. */
	private current(): Map<string, Account> {
		// Journal first: a fold by another process between the two reads then only means the
		// config already holds what the journal said, never an old config with an empty journal.
		const records = this.readJournal();
		const config = this.readConfigAccounts();
		let view = this.view;
		if (!view || view.config !== config || view.records !== records) {
			view = {config, records, applied: 0, byId: new Map(config.map(account => [account.id, account]))};
			this.view = view;
		}
		for (; view.applied < records.length; view.applied++) {
			const {put} = records[view.applied]!;
			const current = view.byId.get(put.id);
			// A journal line only updates an account still in the config and never goes backwards.
			if (current && put.revision >= current.revision) view.byId.set(put.id, put);
		}
		return view.byId;
	}

	private async withStoreLock<T>(task: () => Promise<T>): Promise<T> {
		return withFileLock(path.join(this.dir, 'config.lock'), task);
	}

	/** Writes every save queued so far in one locked append with one fsync, until none is left. */
	private async flushSaves(): Promise<void> {
		while (this.pendingSaves.length > 0) {
			const batch = this.pendingSaves.splice(0);
			try {
				const results = await this.withStoreLock(() => this.appendBatch(batch.map(save => save.account)));
				batch.forEach((save, index) => save.resolve(results[index]!));
			} catch (error) {
				for (const save of batch) save.reject(error);
			}
		}
	}

	private async appendBatch(accounts: Account[]): Promise<boolean[]> {
		// Under the store lock: what is on disk now, another process's saves included.
		const current = this.current();
		const accepted = new Map<string, Account>();
		const records: JournalRecord[] = [];
		const lines: string[] = [];
		const results = accounts.map(account => {
			const stored = accepted.get(account.id) ?? current.get(account.id);
			if (!stored || stored.revision > account.revision) return false;
			accepted.set(account.id, account);
			const record: JournalRecord = {put: account};
			records.push(record);
			lines.push(JSON.stringify(record));
			return true;
		});
		if (lines.length === 0) return results;
		const cache = this.journalCache;
		// Our view has read the journal up to its end: the lines appended now (nobody else
		// appends while we hold the store lock) are known without reading them back.
		const journalBytes = await appendDurably(this.journalPath, `${lines.join('\n')}\n`, {
			endsWithNewline: (ino, size) => ino === cache.ino && size === cache.offset,
			written: (ino, start, end) => {
				if (ino !== cache.ino || start !== cache.offset || this.journalCache !== cache) return;
				// The accounts themselves: records are never changed once made.
				cache.records.push(...records);
				cache.offset = end;
			},
		});
		if (journalBytes > this.foldThreshold()) await this.foldJournal();
		return results;
	}

	private foldThreshold(): number {
		return this.journalFoldBytes ?? Math.max(256 * 1024, this.configCache?.bytes ?? 0);
	}

	private async foldJournal(): Promise<void> {
		await this.writeConfig(this.read());
		// Only after the rewrite landed (atomic rename) may the journal go.
		await this.resetJournal();
	}

	/** Replaces the journal by an empty file (a new inode, so every reader starts it afresh). */
	private async resetJournal(): Promise<void> {
		if (!existsSync(this.journalPath)) return;
		const fresh = `${this.journalPath}.new`;
		await writeFile(fresh, '', {mode: 0o600});
		await rename(fresh, this.journalPath);
	}

	private async writeConfig(accounts: Account[]): Promise<void> {
		const data: StoreData = {version: storeVersion, accounts};
		const problem = firstSchemaProblem(data, storeFileSchema);
		if (problem) throw new ConfigError(`Not writing ${this.path}: the accounts would not match tokentop's format (${truncate(problem, 200)}); left as it is`);
		const conf = await this.openConf();
		conf.store = data;
		this.configCache = {stamp: stampOf(this.path), bytes: fileSize(this.path), accounts};
	}

	private async openConf(): Promise<Conf<StoreData>> {
		if (this.conf) return this.conf;
		const {default: ConfClass} = await import('conf');
		try {
			this.conf = new ConfClass<StoreData>({
				projectName: 'tokentop',
				cwd: this.dir,
				configName: 'config',
				configFileMode: 0o600,
				accessPropertiesByDotNotation: false,
				clearInvalidConfig: false,
				defaults: {version: storeVersion, accounts: []},
			});
		} catch (error) {
			throw new ConfigError(`${this.path} cannot be written (${truncate((error as Error).message, 200)}); left as it is`);
		}
		return this.conf;
	}

	private readConfigAccounts(): Account[] {
		let stats;
		try {
			stats = statSync(this.path);
		} catch {
			stats = undefined;
		}
		const stamp = stats ? stampFromStats(stats) : 'none';
		if (this.configCache?.stamp === stamp) return this.configCache.accounts;
		const accounts = stats ? parseConfig(this.path) : [];
		this.configCache = {stamp, bytes: stats?.size ?? 0, accounts};
		return accounts;
	}

	/** New journal lines since the last read; a new inode (reset) or a shorter file starts over. */
	private readJournal(): JournalRecord[] {
		// The common case, nothing new: one stat call.
		try {
			const {ino, size} = statSync(this.journalPath);
			if (ino === this.journalCache.ino && size === this.journalCache.offset) return this.journalCache.records;
		} catch {
			// Gone: the open below says so.
		}
		let fd: number;
		try {
			fd = openSync(this.journalPath, 'r');
		} catch {
			this.journalCache = {ino: -1, offset: 0, records: []};
			return [];
		}
		try {
			const {ino, size} = fstatSync(fd);
			if (ino !== this.journalCache.ino || size < this.journalCache.offset) this.journalCache = {ino, offset: 0, records: []};
			const cache = this.journalCache;
			if (size === cache.offset) return cache.records;
			const buffer = Buffer.alloc(size - cache.offset);
			const length = readSync(fd, buffer, 0, buffer.length, cache.offset);
			const text = buffer.subarray(0, length).toString('utf8');
			// Only whole lines count; a torn last line (a process killed mid-append) is read again later.
			const end = text.lastIndexOf('\n') + 1;
			for (const line of text.slice(0, end).split('\n')) {
				const record = parseJournalLine(line);
				if (record) cache.records.push(record);
			}
			cache.offset += Buffer.byteLength(text.slice(0, end));
			return cache.records;
		} finally {
			closeSync(fd);
		}
	}
}

function parseConfig(file: string): Account[] {
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
	const problem = firstSchemaProblem(data, storeFileSchema);
	if (problem) {
		const backupPath = keepCopy(file);
		throw new ConfigError(`${file} does not match tokentop's format (${truncate(problem, 200)}); left as it is, copy kept at ${backupPath}`, backupPath);
	}
	return (data as StoreData).accounts;
}

function parseJournalLine(line: string): JournalRecord | undefined {
	if (!line) return undefined;
	try {
		const record = JSON.parse(line) as JournalRecord;
		if (record?.put && typeof record.put.id === 'string' && typeof record.put.revision === 'number') return record;
	} catch {
		// A line cut by a kill and then followed by a newline of a later append: skip it.
	}
	return undefined;
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

function tightenFile(file: string, notices: string[]): void {
	const mode = statSync(file).mode & 0o777;
	if (mode & 0o077) {
		chmodSync(file, 0o600);
		notices.push(`Tightened ${file} from 0${mode.toString(8)} to 0600 (it holds access tokens)`);
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

const datasync = promisify(fdatasync);

interface AppendHooks {
	/** True when the file (inode, size) is known to end with a newline: no need to look. */
	endsWithNewline?: (ino: number, size: number) => boolean;
	/** Where the text landed (inode, first and end byte), once written and before the fsync. */
	written?: (ino: number, start: number, end: number) => void;
}

/**
 * Appends and fsyncs; starts on a fresh line if a killed process left a torn one. The small
 * steps are synchronous calls; only the fsync waits in the thread pool. Returns the file's
 * size afterwards.
 */
async function appendDurably(file: string, text: string, hooks: AppendHooks = {}): Promise<number> {
	const fd = openSync(file, 'a+', 0o600);
	try {
		const {ino, size} = fstatSync(fd);
		let prefix = '';
		if (size > 0 && !hooks.endsWithNewline?.(ino, size)) {
			const last = Buffer.alloc(1);
			readSync(fd, last, 0, 1, size - 1);
			if (last[0] !== 0x0a) prefix = '\n';
		}
		const data = Buffer.from(prefix + text);
		for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
		const start = size + prefix.length;
		hooks.written?.(ino, start, size + data.length);
		await datasync(fd);
		return size + data.length;
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
		return stampFromStats(statSync(file));
	} catch {
		return 'none';
	}
}

function stampFromStats(stats: {ino: number; size: number; mtimeMs: number}): string {
	return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}
