/**
 * A cross-process lock on a path, with fast recovery from a holder that was killed.
 *
 * The lock is a file created exclusively (O_EXCL) holding the holder's pid and host. A waiter
 * that finds it held by a pid that no longer exists breaks it at once instead of waiting for a
 * staleness timeout: the kill tests SIGKILL processes hundreds of times. Breaking is guarded by
 * a second, short-lived lock so two waiters cannot both break the lock and then remove each
 * other's fresh one.
 *
 * Taking a free lock and releasing it are synchronous calls (tens of microseconds): `refresh
 * --all` takes a thousand account locks, and a round trip through the thread pool per step cost
 * more than the file system work itself. Only waiting is async. A process that takes many locks
 * in one folder writes its "PID HOST" once into an owner file there (`PID-RANDOM.owner`) and
 * takes each lock as a hard link to it: one link() instead of creating, writing and closing a
 * new file (a quarter of the cost, and no window in which the lock exists without its owner).
 * The owner file is replaced every few seconds, so a lock's mtime stays a fair measure of its
 * age; it goes when the process exits, and one left by a killed process goes when the next
 * process makes its own owner file in that folder.
 */
import {closeSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {mkdir, readFile, rm, stat} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {ServiceError, asStorageFailure} from './errors.js';

/** A lock whose holder is alive is only taken over after this long (a hung process). */
const liveHolderStaleMs = 60_000;
/** A lock file without an owner (holder killed between create and write). */
const ownerlessStaleMs = 2_000;

const host = hostname();
const owner = `${process.pid} ${host}`;
const inProcessQueues = new Map<string, Promise<unknown>>();

export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, options: {timeoutMs?: number} = {}): Promise<T> {
	// Serialise holders in this process first, so only one of them polls the file system.
	const previous = inProcessQueues.get(lockPath);
	let next!: () => void;
	const mine = new Promise<void>(resolve => {
		next = resolve;
	});
	const chained = previous === undefined ? mine : previous.then(() => mine);
	inProcessQueues.set(lockPath, chained);
	// No await when nobody in this process holds it: the common case costs no extra turn.
	if (previous !== undefined) await previous;
	try {
		try {
			if (!tryTake(lockPath)) await acquire(lockPath, options.timeoutMs ?? 20_000);
		} catch (error) {
			// A read-only or full file system: a typed failure naming the folder.
			throw asStorageFailure(error, `Cannot take a lock in ${path.dirname(lockPath)}`);
		}
		try {
			return await task();
		} finally {
			release(lockPath);
		}
	} finally {
		next();
		if (inProcessQueues.get(lockPath) === chained) inProcessQueues.delete(lockPath);
	}
}

async function acquire(lockPath: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let delay = 1;
	for (;;) {
		if (tryTake(lockPath)) return;
		if (await isStale(lockPath)) {
			await breakStaleLock(lockPath);
			continue;
		}
		if (Date.now() > deadline) {
			throw new ServiceError('lock-timeout', `Another tokentop process holds ${path.basename(lockPath)}; gave up after ${Math.round(timeoutMs / 1000)} s`);
		}
		await new Promise(resolve => setTimeout(resolve, delay));
		delay = Math.min(delay * 2, 50);
	}
}

/** A folder's lock takes are linked to an owner file from this many on. */
const linkAfterTakes = 3;
/** An owner file older than this is replaced (a lock's age is its mtime: the owner file's). */
const ownerFileFreshMs = 5_000;

interface FolderOwner {
	takes: number;
	/** Undefined until made, and for good after a link failed for another reason than a missing file. */
	file?: string;
	madeAt: number;
	disabled?: boolean;
}

const folderOwners = new Map<string, FolderOwner>();

/** Takes the lock if it is free (false when it is held). */
function tryTake(lockPath: string): boolean {
	const dir = path.dirname(lockPath);
	const folder = folderOwners.get(dir) ?? {takes: 0, madeAt: 0};
	folderOwners.set(dir, folder);
	if (++folder.takes < linkAfterTakes || folder.disabled) return tryCreate(lockPath);
	const file = ownerFile(dir, folder);
	if (file === undefined) return tryCreate(lockPath);
	return claim(
		() => linkSync(file, lockPath),
		code => {
			// Owner file or folder gone: make them anew next time. Anything else (no hard links on
			// this file system, too many links): plain lock files from now on.
			if (code === 'ENOENT') folder.file = undefined;
			else folder.disabled = true;
			return tryCreate(lockPath);
		},
	);
}

function ownerFile(dir: string, folder: FolderOwner): string | undefined {
	const now = Date.now();
	if (folder.file !== undefined && now - folder.madeAt < ownerFileFreshMs) return folder.file;
	const previous = folder.file;
	if (previous === undefined) removeDeadOwnerFiles(dir);
	const file = path.join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.owner`);
	try {
		createWithContent(file, owner);
	} catch {
		folder.disabled = true;
		return undefined;
	}
	// Once per process, not once per replaced owner file (a long-running process replaces it every few seconds).
	if (ownerFiles.size === 0) process.once('exit', removeOwnerFiles);
	ownerFiles.add(file);
	if (previous !== undefined) {
		// Locks linked to it keep their inode; only the name goes.
		removeQuietly(previous);
		ownerFiles.delete(previous);
	}
	folder.file = file;
	folder.madeAt = now;
	return file;
}

const ownerFiles = new Set<string>();

function removeOwnerFiles(): void {
	for (const file of ownerFiles) removeQuietly(file);
	ownerFiles.clear();
}

/** Owner files of processes on this host that no longer run (killed: no exit handler ran). */
function removeDeadOwnerFiles(dir: string): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) {
		if (!/^\d+-[0-9a-f]+\.owner$/.test(name)) continue;
		const file = path.join(dir, name);
		let content: string;
		try {
			content = readFileSync(file, 'utf8');
		} catch {
			continue;
		}
		const match = /^(\d+) (\S+)$/.exec(content);
		if (match && match[2] === host && Number(match[1]) !== process.pid && !isAlive(Number(match[1]))) removeQuietly(file);
	}
}

function removeQuietly(file: string): void {
	try {
		unlinkSync(file);
	} catch {
		// Gone already.
	}
}

/** Creates the lock file holding "PID HOST" if there is none; false when it is taken. */
function tryCreate(lockPath: string): boolean {
	return claim(
		() => createWithContent(lockPath, owner),
		(code, error) => {
			if (code === 'ENOENT') {
				mkdirSync(path.dirname(lockPath), {recursive: true, mode: 0o700});
				return false;
			}
			// A lock directory of an older tokentop: taken (isStale reads its owner file).
			if (code === 'EISDIR') return false;
			throw error;
		},
	);
}

/** Makes the lock's name: true when made, false when another holds it (EEXIST); any other failure goes to `otherwise`. */
function claim(make: () => void, otherwise: (code: string | undefined, error: unknown) => boolean): boolean {
	try {
		make();
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		return otherwise(code, error);
	}
}

/**
 * One open(O_CREAT|O_EXCL), one write, one close. A file whose write failed (a full disk) is
 * removed again: an empty lock would pass for one whose holder was killed mid-write.
 */
function createWithContent(file: string, content: string): void {
	const fd = openSync(file, 'wx', 0o600);
	try {
		writeSync(fd, content);
	} catch (error) {
		closeSync(fd);
		removeQuietly(file);
		throw error;
	}
	closeSync(fd);
}

function release(lockPath: string): void {
	// Gone already means broken by someone who judged us stale (we hung for a minute).
	removeQuietly(lockPath);
}

async function isStale(lockPath: string): Promise<boolean> {
	let owner: string;
	try {
		owner = await readFile(lockPath, 'utf8');
	} catch (error) {
		// A directory is a lock left by an older tokentop (mkdir-style, owner file inside).
		if ((error as NodeJS.ErrnoException).code === 'EISDIR') owner = await readFile(path.join(lockPath, 'owner'), 'utf8').catch(() => '');
		// Gone already: not stale, just free.
		else return false;
	}
	// "PID HOST"; anything else is a write cut short by a kill: the lock has no owner.
	const match = /^(\d+) (\S+)$/.exec(owner);
	if (!match) return ((await ageOf(lockPath)) ?? 0) > ownerlessStaleMs;
	const pid = Number(match[1]);
	if (match[2] === host && pid > 0 && !isAlive(pid)) return true;
	return ((await ageOf(lockPath)) ?? 0) > liveHolderStaleMs;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function ageOf(file: string): Promise<number | undefined> {
	try {
		return Date.now() - (await stat(file)).mtimeMs;
	} catch {
		return undefined;
	}
}

async function breakStaleLock(lockPath: string): Promise<void> {
	const breaker = `${lockPath}.break`;
	try {
		await mkdir(breaker);
	} catch {
		// Someone else is breaking it; a breaker left by a killed process goes after a short while.
		const age = await ageOf(breaker);
		if (age !== undefined && age > ownerlessStaleMs) await rm(breaker, {recursive: true, force: true});
		else await new Promise(resolve => setTimeout(resolve, 5));
		return;
	}
	try {
		// Re-check under the breaker: the lock may have been released and retaken meanwhile.
		if (await isStale(lockPath)) await rm(lockPath, {recursive: true, force: true});
	} finally {
		await rm(breaker, {recursive: true, force: true});
	}
}
