/**
 * A cross-process lock on a path, with fast recovery from a holder that was killed.
 *
 * The lock is a file created exclusively (O_EXCL) holding the holder's pid and host. A waiter
 * that finds it held by a pid that no longer exists breaks it at once instead of waiting for a
 * staleness timeout: the kill tests SIGKILL processes hundreds of times. Breaking is guarded by
 * a second, short-lived lock so two waiters cannot both break the lock and then remove each
 * other's fresh one.
 *
 * Taking a free lock and releasing it are synchronous calls (create-write-close, unlink: tens of
 * microseconds each): `refresh --all` takes a thousand account locks, and a round trip through
 * the thread pool per step cost more than the file system work itself. Only waiting is async.
 */
import {mkdirSync, unlinkSync, writeFileSync} from 'node:fs';
import {mkdir, readFile, rm, stat} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';

export class LockTimeoutError extends Error {
	override readonly name = 'LockTimeoutError';
}

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
		if (!tryCreate(lockPath)) await acquire(lockPath, options.timeoutMs ?? 20_000);
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
		if (tryCreate(lockPath)) return;
		if (await isStale(lockPath)) {
			await breakStaleLock(lockPath);
			continue;
		}
		if (Date.now() > deadline) {
			throw new LockTimeoutError(`Another tokentop process holds ${path.basename(lockPath)}; gave up after ${Math.round(timeoutMs / 1000)} s`);
		}
		await new Promise(resolve => setTimeout(resolve, delay));
		delay = Math.min(delay * 2, 50);
	}
}

/** Creates the lock file holding "PID HOST" if there is none; false when it is taken. */
function tryCreate(lockPath: string): boolean {
	try {
		// One open(O_CREAT|O_EXCL), one write, one close.
		writeFileSync(lockPath, owner, {flag: 'wx', mode: 0o600});
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return false;
		if (code === 'ENOENT') {
			mkdirSync(path.dirname(lockPath), {recursive: true, mode: 0o700});
			return false;
		}
		// A lock directory of an older tokentop: taken (isStale reads its owner file).
		if (code === 'EISDIR') return false;
		throw error;
	}
}

function release(lockPath: string): void {
	try {
		unlinkSync(lockPath);
	} catch {
		// Broken by someone who judged us stale (we hung for a minute): nothing left to release.
	}
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
