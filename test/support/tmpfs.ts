/**
 * A real small file system for store tests: a tmpfs the test mounts itself (root only), made
 * read-only or full on demand, always unmounted at the end. Where that cannot be done, the test
 * says loudly that it was skipped and why.
 */
import {execFileSync} from 'node:child_process';
import {closeSync, ftruncateSync, fstatSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {skipLoudly} from './skip.js';

/** tmpfs counts whole pages. */
export const pageBytes = 4096;

export interface Tmpfs {
	dir: string;
	readOnly(): void;
	writable(): void;
	/** Fills the file system with a filler file until only `leaveBytes` (whole pages) are free. */
	fill(leaveBytes: number): void;
	/** Removes the filler: the space is free again. */
	unfill(): void;
	freeBytes(): number;
}

let unavailable: string | undefined | null = null;

/** Why no tmpfs can be mounted here, or undefined when one can. */
export function tmpfsUnavailable(): string | undefined {
	if (unavailable !== null) return unavailable;
	if (process.getuid?.() !== 0) return (unavailable = 'mounting a tmpfs needs root');
	try {
		mount(pageBytes * 4).unmount();
		unavailable = undefined;
	} catch (error) {
		unavailable = `mount -t tmpfs failed: ${(error as Error).message.split('\n')[0]}`;
	}
	return unavailable;
}

/** Skips the test loudly when no tmpfs can be mounted; true when it may go on. */
export function tmpfsOrSkip(t: Parameters<typeof skipLoudly>[0]): boolean {
	const reason = tmpfsUnavailable();
	if (reason === undefined) return true;
	skipLoudly(t, reason);
	return false;
}

/** Mounts a tmpfs of `sizeBytes`, hands it to `use`, and unmounts it whatever happens. */
export async function withTmpfs<T>(sizeBytes: number, use: (tmpfs: Tmpfs) => Promise<T>): Promise<T> {
	const tmpfs = mount(sizeBytes);
	try {
		return await use(tmpfs);
	} finally {
		tmpfs.unmount();
	}
}

function mount(sizeBytes: number): Tmpfs & {unmount(): void} {
	const dir = mkdtempSync(path.join(tmpdir(), 'tokentop-tmpfs-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir], {stdio: 'pipe'});
	} catch (error) {
		rmSync(dir, {recursive: true, force: true});
		throw error;
	}
	const filler = path.join(dir, 'filler');
	return {
		dir,
		readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], {stdio: 'pipe'}),
		writable: () => execFileSync('mount', ['-o', 'remount,rw', dir], {stdio: 'pipe'}),
		fill(leaveBytes) {
			const fd = openSync(filler, 'a');
			try {
				const chunk = Buffer.alloc(pageBytes);
				for (;;) {
					try {
						writeSync(fd, chunk);
					} catch {
						break;
					}
				}
				ftruncateSync(fd, Math.max(0, fstatSync(fd).size - Math.ceil(leaveBytes / pageBytes) * pageBytes));
			} finally {
				closeSync(fd);
			}
		},
		unfill: () => rmSync(filler, {force: true}),
		freeBytes: () => {
			const stats = statfsSync(dir);
			return stats.bfree * stats.bsize;
		},
		unmount() {
			try {
				execFileSync('umount', [dir], {stdio: 'pipe'});
			} catch {
				// Still busy (a child not yet gone): detach it now; it goes with its last user.
				execFileSync('umount', ['-l', dir], {stdio: 'pipe'});
			}
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
