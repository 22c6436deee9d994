/**
 * The journal: an append-only file of credential changes (journal.ndjson, one JSON record a
 * line, 0600) next to config.json.
 *
 * Why: a refresh rotates the refresh token, and the new one must be on disk before anything
 * reports success. Rewriting the whole config for each of a thousand refreshes would write
 * gigabytes; appending one fsync'd line per refresh writes kilobytes. The store folds the
 * journal into config.json (one atomic rewrite) when it grows, and on structural changes.
 *
 * Reads are incremental: only the lines appended since the last read are parsed. A line torn
 * by a process killed mid-append is skipped; the next append starts on a fresh line.
 */
import {closeSync, existsSync, fdatasync, fstatSync, ftruncateSync, openSync, readSync, writeSync} from 'node:fs';
import {rename, writeFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import type {Account} from '../account.js';
import {fileSize, stampOf, statIfPresent} from './file-stamp.js';
import {privateFileMode} from './permissions.js';
import {cannotRead, cannotWrite} from './storage-failures.js';

export interface JournalRecord {
	put: Account;
}

const datasync = promisify(fdatasync);

export class Journal {
	/** Records read so far from the file with inode `ino`, up to byte `offset`. */
	private cache = {ino: -1, offset: 0, records: [] as JournalRecord[]};

	constructor(readonly path: string) {}

	/**
	 * Every record in the file. The same array grows while the file does (records are never
	 * changed once made); a new array means a new file (a fold or reset by any process).
	 */
	records(): JournalRecord[] {
		// The common case, nothing new: one stat call.
		const stats = statIfPresent(this.path);
		if (!stats) {
			if (this.cache.ino !== -1) this.cache = {ino: -1, offset: 0, records: []};
			return this.cache.records;
		}
		if (stats.ino === this.cache.ino && stats.size === this.cache.offset) return this.cache.records;
		let fd: number;
		try {
			fd = openSync(this.path, 'r');
		} catch (error) {
			if (statIfPresent(this.path)) throw cannotRead(this.path, error);
			// Removed between the stat and the open.
			this.cache = {ino: -1, offset: 0, records: []};
			return this.cache.records;
		}
		try {
			return this.readNew(fd);
		} catch (error) {
			throw cannotRead(this.path, error);
		} finally {
			closeSync(fd);
		}
	}

	/** Adds the whole lines after what was read so far to the records. */
	private readNew(fd: number): JournalRecord[] {
		const {ino, size} = fstatSync(fd);
		// A new file (reset) or a shorter one (an append cut back) is read from its start.
		if (ino !== this.cache.ino || size < this.cache.offset) this.cache = {ino, offset: 0, records: []};
		const cache = this.cache;
		if (size === cache.offset) return cache.records;
		const buffer = Buffer.alloc(size - cache.offset);
		const length = readSync(fd, buffer, 0, buffer.length, cache.offset);
		const text = buffer.subarray(0, length).toString('utf8');
		// Only whole lines count; a torn last line (a process killed mid-append) is read again later.
		const end = text.lastIndexOf('\n') + 1;
		for (const line of text.slice(0, end).split('\n')) {
			const record = parseLine(line);
			if (record) cache.records.push(record);
		}
		cache.offset += Buffer.byteLength(text.slice(0, end));
		return cache.records;
	}

	/**
	 * Appends the records with one write and one fsync, on a fresh line if a killed process left
	 * a torn one, and returns the file's size afterwards. Only under the store lock: nobody else
	 * appends meanwhile, so lines this reader had read up to the end need not be read back. A
	 * failed append (a full disk) is cut off again: the file stays as it was.
	 */
	async append(records: JournalRecord[]): Promise<number> {
		const text = `${records.map(record => JSON.stringify(record)).join('\n')}\n`;
		let fd: number;
		try {
			fd = openSync(this.path, 'a+', privateFileMode);
		} catch (error) {
			throw cannotWrite(this.path, error);
		}
		try {
			const cache = this.cache;
			const {ino, size} = fstatSync(fd);
			const readToEnd = ino === cache.ino && size === cache.offset;
			let prefix = '';
			if (size > 0 && !readToEnd) {
				const last = Buffer.alloc(1);
				readSync(fd, last, 0, 1, size - 1);
				if (last[0] !== 0x0a) prefix = '\n';
			}
			const data = Buffer.from(prefix + text);
			try {
				// The small steps are synchronous calls; only the fsync waits in the thread pool.
				for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
				await datasync(fd);
			} catch (error) {
				try {
					ftruncateSync(fd, size);
				} catch {
					// A torn line is skipped by every reader anyway.
				}
				throw cannotWrite(this.path, error);
			}
			// Unless a read during the fsync got there first, the lines are known without reading them.
			if (readToEnd && this.cache === cache && cache.offset === size) {
				cache.records.push(...records);
				cache.offset = size + data.length;
			}
			return size + data.length;
		} finally {
			closeSync(fd);
		}
	}

	/** Replaces the journal by an empty file: a new inode, so every reader starts it afresh. */
	async reset(): Promise<void> {
		if (!existsSync(this.path)) return;
		const fresh = `${this.path}.new`;
		try {
			await writeFile(fresh, '', {mode: privateFileMode});
			await rename(fresh, this.path);
		} catch (error) {
			throw cannotWrite(this.path, error);
		}
	}

	size(): number {
		return fileSize(this.path);
	}

	stamp(): string {
		return stampOf(this.path);
	}
}

function parseLine(line: string): JournalRecord | undefined {
	if (!line) return undefined;
	try {
		const record = JSON.parse(line) as JournalRecord;
		if (record?.put && typeof record.put.id === 'string' && typeof record.put.revision === 'number') return record;
	} catch {
		// A line cut by a kill and then followed by a newline of a later append: skip it.
	}
	return undefined;
}
