/** Cheap "has this file changed?" checks: one stat call, no read. */
import {statSync, type Stats} from 'node:fs';
import {cannotRead} from './storage-failures.js';

/** inode, size and mtime: changes with every rewrite (new inode) and every append. "none" when missing or out of reach. */
export function stampOf(file: string): string {
	const stats = statOrUndefined(file);
	return stats ? stampFromStats(stats) : 'none';
}

export function stampFromStats(stats: {ino: number; size: number; mtimeMs: number}): string {
	return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/** The file's size, 0 when it is missing or out of reach (reading it will say why). */
export function fileSize(file: string): number {
	return statOrUndefined(file)?.size ?? 0;
}

function statOrUndefined(file: string): Stats | undefined {
	try {
		// A missing file (the journal, most of the time) is no exception: building one every second is
		// most of an idle process's cost.
		return statSync(file, {throwIfNoEntry: false});
	} catch {
		return undefined;
	}
}

/** Stats, or undefined when the file is not there; any other failure (no permission) is thrown as a failure to read it. */
export function statIfPresent(file: string): Stats | undefined {
	try {
		return statSync(file, {throwIfNoEntry: false});
	} catch (error) {
		throw cannotRead(file, error);
	}
}
