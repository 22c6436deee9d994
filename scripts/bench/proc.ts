/** Reading a process's CPU time and memory from /proc (Linux). */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's utime and stime. */
export const clockTicksPerSecond = readClockTicks();

function readClockTicks(): number {
	try {
		return Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	} catch {
		return 100;
	}
}

/** User + system CPU seconds the whole process (all threads) has used so far. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may contain spaces.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const utime = Number(fields[11]);
	const stime = Number(fields[12]);
	return (utime + stime) / clockTicksPerSecond;
}

/** A "Vm…" line of /proc/PID/status in bytes (VmHWM = peak resident set, VmRSS = now). */
export function statusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
	return Number(match[1]) * 1024;
}

export function commandName(pid: number): string {
	return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** The process itself when it is node, else its first node descendant (the shell forked it). */
export function nodeProcessUnder(pid: number): number {
	if (commandName(pid) === 'node') return pid;
	for (const child of childrenOf(pid)) {
		const found = nodeProcessUnderOrUndefined(child);
		if (found !== undefined) return found;
	}
	throw new Error(`no node process under pid ${pid}`);
}

function nodeProcessUnderOrUndefined(pid: number): number | undefined {
	try {
		return nodeProcessUnder(pid);
	} catch {
		return undefined;
	}
}

function childrenOf(pid: number): number[] {
	const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
	return text === '' ? [] : text.split(/\s+/).map(Number);
}
