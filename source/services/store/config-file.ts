/**
 * config.json: `{version, accounts}`, checked against the store's JSON schema and format version
 * on every read and before every write, rewritten atomically (a 0600 temp file, fsync, rename,
 * fsync of the folder). A file that cannot be used is never overwritten: it is reported and a
 * copy is kept next to it, one copy per distinct content (named by a hash of its bytes), so
 * running tokentop again and again on the same broken file does not pile up copies.
 */
import {createHash, randomBytes} from 'node:crypto';
import {existsSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {open, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import type {Account} from '../account.js';
import {ServiceError, systemFailureReason} from '../errors.js';
import {stampFromStats, stampOf, statIfPresent} from './file-stamp.js';
import {privateFileMode} from './permissions.js';
import {firstSchemaProblem} from './schema-check.js';
import {cannotRead, cannotWrite} from './storage-failures.js';
import {storeFileSchema, storeVersion} from './store-schema.js';

interface StoreData {
	version: number;
	accounts: Account[];
}

export class ConfigFile {
	private cache?: {stamp: string; bytes: number; accounts: Account[]};

	constructor(readonly path: string) {}

	/** The accounts in the file ([] when there is none); parsed again only when the file changed. */
	accounts(): Account[] {
		const stats = statIfPresent(this.path);
		const stamp = stats ? stampFromStats(stats) : 'none';
		if (this.cache?.stamp === stamp) return this.cache.accounts;
		const accounts = stats ? parseConfig(this.path) : [];
		this.cache = {stamp, bytes: stats?.size ?? 0, accounts};
		return accounts;
	}

	/** Size of the version last read or written. */
	bytes(): number {
		return this.cache?.bytes ?? 0;
	}

	stamp(): string {
		return stampOf(this.path);
	}

	/** Replaces the file atomically; refuses accounts that would not read back. */
	async write(accounts: Account[]): Promise<void> {
		const data: StoreData = {version: storeVersion, accounts};
		const problem = firstSchemaProblem(data, storeFileSchema);
		if (problem) throw new ServiceError('config', `Not writing ${this.path}: the accounts would not match tokentop's format (${truncate(problem, 200)}); left as it is`);
		const text = JSON.stringify(data, undefined, '\t');
		try {
			await writeAtomically(this.path, text);
		} catch (error) {
			throw cannotWrite(this.path, error);
		}
		this.cache = {stamp: stampOf(this.path), bytes: Buffer.byteLength(text), accounts};
	}
}

/** Temp file (0600) + fsync + rename + fsync of the folder: readers see the old file or the new one, never a part. */
async function writeAtomically(file: string, text: string): Promise<void> {
	const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		const handle = await open(temp, 'wx', privateFileMode);
		try {
			await handle.writeFile(text);
			await handle.datasync();
		} finally {
			await handle.close();
		}
		await rename(temp, file);
	} catch (error) {
		// A full disk must not keep a half-written temp file taking up the space.
		await rm(temp, {force: true});
		throw error;
	}
	await syncFolder(path.dirname(file));
}

/** Makes the rename itself durable (POSIX); where folders cannot be opened (Windows) the rename stands as it is. */
async function syncFolder(dir: string): Promise<void> {
	let handle;
	try {
		handle = await open(dir, 'r');
		await handle.sync();
	} catch {
		// Not supported here; the file's own fsync was done.
	} finally {
		await handle?.close();
	}
}

function parseConfig(file: string): Account[] {
	let bytes: Buffer;
	try {
		bytes = readFileSync(file);
	} catch (error) {
		throw cannotRead(file, error);
	}
	let data: unknown;
	try {
		data = JSON.parse(bytes.toString('utf8'));
	} catch (error) {
		throw unusable(file, bytes, `is not valid JSON (${(error as Error).message})`, 'repair it, or move it away and log in again');
	}
	const version = (data as {version?: unknown})?.version;
	if (typeof version === 'number' && version > storeVersion) {
		throw unusable(file, bytes, `was written by a newer tokentop (format ${version}, this one reads ${storeVersion})`, 'upgrade tokentop, or move it away and log in again');
	}
	const problem = firstSchemaProblem(data, storeFileSchema);
	if (problem) throw unusable(file, bytes, `does not match tokentop's format (${truncate(problem, 200)})`, 'repair it, or move it away and log in again');
	return (data as StoreData).accounts;
}

/** The failure for a config that cannot be used: what is wrong, that it was left alone, where its copy is, how to recover. */
function unusable(file: string, bytes: Buffer, what: string, recovery: string): ServiceError {
	const copy = keepCopy(file, bytes);
	const kept = copy.path ? `copy kept at ${copy.path}` : `no copy could be kept: ${copy.reason}`;
	return new ServiceError('config', `${file} ${what}; left as it is, ${kept}. To recover: ${recovery}`, copy.path ? {backupPath: copy.path} : {});
}

/** One copy per distinct content: the name carries a hash of the bytes, so the same file is copied once. */
function keepCopy(file: string, bytes: Buffer): {path?: string; reason?: string} {
	const copyPath = `${file}.bad-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
	if (existsSync(copyPath)) return {path: copyPath};
	// Written under another name first: a copy cut short (a full disk) never passes for a kept one.
	const temp = `${copyPath}.tmp-${process.pid}`;
	try {
		writeFileSync(temp, bytes, {mode: privateFileMode});
		renameSync(temp, copyPath);
	} catch (error) {
		rmSync(temp, {force: true});
		return {reason: systemFailureReason(error)};
	}
	return {path: copyPath};
}

function truncate(text: string, length: number): string {
	return text.length > length ? `${text.slice(0, length)}…` : text;
}
