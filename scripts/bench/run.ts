/** Runs a process to its end and times it from spawn to exit. */
import {spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';

export interface TimedRun {
	milliseconds: number;
	code: number | null;
	stdout: string;
	stderr: string;
	pid: number;
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	timeoutMs?: number;
}

export function timedRun(command: string, args: readonly string[], options: RunOptions = {}): Promise<TimedRun> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${[command, ...args].join(' ')} did not finish in ${options.timeoutMs} ms`));
		}, options.timeoutMs ?? 60_000);
		child.on('error', reject);
		// 'exit', not 'close': the end of the process, not of our reading of its pipes.
		child.on('exit', code => {
			const milliseconds = performance.now() - started;
			clearTimeout(timer);
			child.on('close', () => resolve({milliseconds, code, stdout, stderr, pid: child.pid ?? 0}));
		});
	});
}

/** A run that must succeed: throws with its stderr otherwise. */
export async function checkedRun(command: string, args: readonly string[], options: RunOptions = {}): Promise<TimedRun> {
	const result = await timedRun(command, args, options);
	if (result.code !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.code}: ${result.stderr.trim().slice(0, 500)}`);
	return result;
}

export interface PairedTimes {
	baseline: number[];
	measured: number[];
}

/**
 * `rounds` runs of each side (each returns its ms), alternating which goes first so that
 * neither always runs on a warmer machine.
 */
export async function alternateRuns(rounds: number, baseline: () => Promise<number>, measured: () => Promise<number>): Promise<PairedTimes> {
	const times: PairedTimes = {baseline: [], measured: []};
	const runBaseline = async () => times.baseline.push(await baseline());
	const runMeasured = async () => times.measured.push(await measured());
	for (let round = 0; round < rounds; round++) {
		for (const step of round % 2 === 0 ? [runBaseline, runMeasured] : [runMeasured, runBaseline]) await step();
	}
	return times;
}
