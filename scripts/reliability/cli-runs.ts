/**
 * The built binary run as users run it, on a given config folder: started, awaited, cut off
 * after a time limit or SIGKILLed at a chosen moment. Used by the kill test and the reliability
 * tests.
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** dist/cli.js: the built bin. */
export const builtCliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliExit {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** Wall time from spawn to exit. */
	ms: number;
}

export interface CliRun {
	pid: number;
	done: Promise<CliExit>;
	/** True once the process has exited (by itself or killed). */
	readonly exited: boolean;
	kill(): void;
}

export interface CliOptions {
	configDir: string;
	/** The binary; default dist/cli.js (the built one, as users run it). */
	cli?: string;
	/** A run still going after this long is killed and reported as hung. Default 60 s. */
	hardLimitMs?: number;
	/** A file descriptor (open for writing) the run gets as its fd 3 and writes its refresh phases to (TOKENTOP_TRACE_FD). */
	traceFd?: number;
}

/** Message a lock wait that ran out prints (file-lock.ts, failure kind 'lock-timeout'). */
export const lockTimeoutPattern = /Another tokentop process holds|gave up after/;

export function startCli(args: string[], options: CliOptions): CliRun {
	const started = performance.now();
	const traced = options.traceFd === undefined ? {} : {TOKENTOP_TRACE_FD: '3'};
	const child = spawn(process.execPath, [options.cli ?? builtCliPath, '--config-dir', options.configDir, ...args], {
		env: {...process.env, NO_COLOR: '1', TOKENTOP_HTTP_TIMEOUT_MS: '10000', ...traced},
		stdio: ['pipe', 'pipe', 'pipe', ...(options.traceFd === undefined ? [] : [options.traceFd])],
	}) as ChildProcessWithoutNullStreams;
	child.stdin.end();
	let stdout = '';
	let stderr = '';
	let exited = false;
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<CliExit>((resolve, reject) => {
		const limit = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tokentop ${args.join(' ')} hung for ${options.hardLimitMs ?? 60_000} ms; stderr: ${stderr.slice(0, 500)}`));
		}, options.hardLimitMs ?? 60_000);
		child.on('error', error => {
			clearTimeout(limit);
			reject(error);
		});
		child.on('close', (code, signal) => {
			exited = true;
			clearTimeout(limit);
			resolve({code, signal, stdout, stderr, ms: performance.now() - started});
		});
	});
	return {
		pid: child.pid ?? -1,
		done,
		get exited() {
			return exited;
		},
		kill() {
			if (!exited) child.kill('SIGKILL');
		},
	};
}

/**
 * A private copy of the built binary (its whole folder: entry plus chunks), so that a rebuild
 * of dist/ during a long run does not swap the binary under it mid-test. It lives under
 * node_modules/.cache because the bundle still loads its external packages (the keyring's
 * native addon) from node_modules at run time.
 */
export function snapshotCli(cli: string = builtCliPath): {cli: string; remove: () => void} {
	const cache = path.join(repoRoot, 'node_modules', '.cache');
	mkdirSync(cache, {recursive: true});
	const folder = mkdtempSync(path.join(cache, 'tokentop-bin-'));
	cpSync(path.dirname(cli), folder, {recursive: true});
	return {cli: path.join(folder, path.basename(cli)), remove: () => rmSync(folder, {recursive: true, force: true})};
}

export async function runCliToEnd(args: string[], options: CliOptions): Promise<CliExit> {
	return startCli(args, options).done;
}

/** Runs to the end, or SIGKILLs it after `limitMs` and says so (a run stuck on a lock must not stall the test). */
export async function runCliWithin(args: string[], options: CliOptions, limitMs: number): Promise<CliExit & {timedOut: boolean}> {
	const run = startCli(args, options);
	const timedOut = !(await endsWithin(run, limitMs));
	if (timedOut) run.kill();
	return {...(await run.done), timedOut};
}

/** Whether the run ends by itself within `ms`; the timer goes as soon as it does. */
export async function endsWithin(run: CliRun, ms: number): Promise<boolean> {
	const timer = new AbortController();
	try {
		return await Promise.race([run.done.then(() => true), delay(ms, false, {signal: timer.signal})]);
	} finally {
		timer.abort();
	}
}
