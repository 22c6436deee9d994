/**
 * A cross-process lock on a path, with fast recovery from a holder that was killed.
 *
 * The lock is a directory (mkdir is atomic) holding an `owner` file with the holder's pid.
 * A waiter that finds the lock held by a pid that no longer exists breaks it at once, instead
 * of waiting for a staleness timeout: the kill tests SIGKILL processes hundreds of times.
 * Breaking is itself guarded by a short-lived second lock so two waiters cannot both break
 * the lock and then remove each other's fresh one.
 */
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';

export class LockTimeoutError extends Error {
	override readonly name = 'LockTimeoutError';
}

const ownerFile = 'owner';
/** A lock whose holder is alive is only taken over after this long (a hung process). */
const liveHolderStaleMs = 60_000;
/** A lock directory without an owner file (holder killed between mkdir and write). */
const ownerlessStaleMs = 2_000;

const inProcessQueues = new Map<string, Promise<unknown>>();

export async function withFileLock<T>(lockPath: string, task: () => Promise<T>, options: {timeoutMs?: number} = {}): Promise<T> {
	// Serialise holders in this process first, so only one of them polls the file system.
	const previous = inProcessQueues.get(lockPath) ?? Promise.resolve();
	let release!: () => void;
	const mine = new Promise<void>(resolve => {
		release = resolve;
	});
	const chained = previous.then(() => mine);
	inProcessQueues.set(lockPath, chained);
	await previous;
	try {
		await acquire(lockPath, options.timeoutMs ?? 20_000);
		try {
			return await task();
		} finally {
			await rm(lockPath, {recursive: true, force: true});
		}
	} finally {
		release();
		if (inProcessQueues.get(lockPath) === chained) inProcessQueues.delete(lockPath);
	}
}

async function acquire(lockPath: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let delay = 2;
	for (;;) {
		try {
			await mkdir(lockPath);
			await writeFile(path.join(lockPath, ownerFile), `${process.pid} ${hostname()}`, {mode: 0o600});
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
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

async function isStale(lockPath: string): Promise<boolean> {
	let owner: string;
	try {
		owner = await readFile(path.join(lockPath, ownerFile), 'utf8');
	} catch {
		return ageOf(lockPath).then(age => age !== undefined && age > ownerlessStaleMs);
	}
	const [pidText, host] = owner.split(' ');
	const pid = Number(pidText);
	if (host === hostname() && Number.isInteger(pid) && !isAlive(pid)) return true;
	const age = await ageOf(lockPath);
	return age !== undefined && age > liveHolderStaleMs;
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
		return;
	}
	try {
		// Re-check under the breaker: the lock may have been released and retaken meanwhile.
		if (await isStale(lockPath)) await rm(lockPath, {recursive: true, force: true});
	} finally {
		await rm(breaker, {recursive: true, force: true});
	}
}
