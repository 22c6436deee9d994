/**
 * One keep-alive per store: `keep-alive.pid` in the store's folder names the running one
 * ({"pid","host","startedAt"}, 0600). It is created whole (written beside it, then hard-linked
 * into place, which fails if it exists), so a reader never sees it half written. A pid file
 * whose process is gone (killed, machine restarted) is taken over, under a short guard lock
 * so that two keep-alives starting at the same moment cannot both take it over.
 */
import {linkSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import path from 'node:path';
import {withFileLock} from './file-lock.js';

export interface KeepAliveHolder {
	pid: number;
	host: string;
	/** Epoch ms. */
	startedAt: number;
}

export type KeepAliveLock = {ok: true; release(): void} | {ok: false; heldBy: KeepAliveHolder};

/** Pid files this process holds (a file naming this pid that is not among them is a leftover). */
const held = new Set<string>();

export function keepAlivePidPath(dir: string): string {
	return path.join(dir, 'keep-alive.pid');
}

/** The keep-alive that looks after the store in `dir`, if one runs (a pid file of a dead process is no keep-alive). */
export function runningKeepAlive(dir: string): KeepAliveHolder | undefined {
	const file = keepAlivePidPath(dir);
	const holder = parseHolder(readText(file));
	return holder && isRunning(holder, file) ? holder : undefined;
}

/** Becomes the store's keep-alive, or says which one is. */
export async function acquireKeepAliveLock(dir: string, clock: () => number = Date.now): Promise<KeepAliveLock> {
	const file = keepAlivePidPath(dir);
	const mine: KeepAliveHolder = {pid: process.pid, host: hostname(), startedAt: clock()};
	const text = `${JSON.stringify(mine)}\n`;
	for (;;) {
		if (createWhole(file, text)) {
			held.add(file);
			return {
				ok: true,
				release: () => {
					held.delete(file);
					if (readText(file) === text) rmSync(file, {force: true});
				},
			};
		}
		const seen = readText(file);
		const holder = parseHolder(seen);
		if (holder && isRunning(holder, file)) return {ok: false, heldBy: holder};
		// Gone, or not ours to read: take it over — only if it is still the same file once under the guard.
		await withFileLock(path.join(dir, 'locks', 'keep-alive.takeover.lock'), async () => {
			if (readText(file) === seen) rmSync(file, {force: true});
		});
	}
}

/** Creates `file` holding `text`, or returns false when it exists. */
function createWhole(file: string, text: string): boolean {
	const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
	writeFileSync(temp, text, {mode: 0o600});
	try {
		linkSync(temp, file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	} finally {
		rmSync(temp, {force: true});
	}
}

function readText(file: string): string | undefined {
	try {
		// Asked every second by the open app, mostly of a file that is not there: no exception for that.
		if (!statSync(file, {throwIfNoEntry: false})) return undefined;
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

function parseHolder(text: string | undefined): KeepAliveHolder | undefined {
	if (text === undefined) return undefined;
	try {
		const value = JSON.parse(text) as Partial<KeepAliveHolder>;
		if (Number.isInteger(value.pid) && value.pid! > 0 && typeof value.host === 'string' && typeof value.startedAt === 'number') return value as KeepAliveHolder;
	} catch {
		// Not a pid file we wrote: treated as stale.
	}
	return undefined;
}

/**
 * Whether the holder still runs. On another host we cannot tell: it counts as running. Here,
 * the pid must exist and (where /proc shows it) still be a keep-alive, not another program
 * that got the number after a restart.
 */
function isRunning(holder: KeepAliveHolder, file: string): boolean {
	if (holder.host !== hostname()) return true;
	if (holder.pid === process.pid) return held.has(file);
	try {
		process.kill(holder.pid, 0);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	const commandLine = readText(`/proc/${holder.pid}/cmdline`);
	return commandLine === undefined || commandLine.includes('keep-alive');
}
