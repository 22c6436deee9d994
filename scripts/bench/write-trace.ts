/**
 * How many bytes a process wrote to which files, from `strace -ff -y` (one log per thread,
 * so no interleaved "unfinished" lines). Used for the refresh-all run's writes to the config.
 */
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

export interface WrittenBytes {
	/** config.json, including the temp file renamed over it. */
	config: number;
	journal: number;
	/** Lock owner files (pid and host, a few bytes per lock). */
	locks: number;
	/** Everything else: pipes (stdout), sockets, event fds. */
	other: number;
	/** Number of writes to the config (a rewrite may take more than one). */
	configWrites: number;
}

export function straceAvailable(): boolean {
	try {
		execFileSync('strace', ['-f', '--seccomp-bpf', '-qq', '-e', 'trace=write', '-o', '/dev/null', 'true'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

/** The strace arguments that put one log per thread at `${prefix}.PID`. */
export function straceArgs(prefix: string): string[] {
	return ['-f', '-ff', '--seccomp-bpf', '-qq', '-e', 'trace=write,pwrite64,writev,pwritev,pwritev2', '-e', 'signal=none', '-y', '-s', '0', '-o', prefix];
}

const writeLine = /^(?:write|pwrite64|writev|pwritev2?)\(\d+<([^>]*)>.*\)\s+=\s+(\d+)/;

/** Sums the logs written with straceArgs(prefix). */
export function readWriteTrace(prefix: string): WrittenBytes {
	const totals: WrittenBytes = {config: 0, journal: 0, locks: 0, other: 0, configWrites: 0};
	const dir = path.dirname(prefix);
	const base = path.basename(prefix);
	for (const file of readdirSync(dir).filter(name => name.startsWith(`${base}.`))) {
		for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
			const match = writeLine.exec(line);
			if (match) add(totals, match[1]!, Number(match[2]));
		}
	}
	return totals;
}

function add(totals: WrittenBytes, target: string, bytes: number): void {
	const name = path.basename(target);
	if (target.includes(`${path.sep}locks${path.sep}`) || target.includes('config.lock')) totals.locks += bytes;
	else if (name.startsWith('config.json')) {
		totals.config += bytes;
		totals.configWrites++;
	} else if (name === 'journal.ndjson') totals.journal += bytes;
	else totals.other += bytes;
}
