/**
 * `tokentop keep-alive` looking after 1,000 accounts, idle between refreshes (every token has
 * half an hour to go): CPU over the first minute after start-up and the peak resident set, read
 * from /proc. One timer for the earliest refresh and two stat calls a second for the store are
 * all it should cost.
 */
import {spawn} from 'node:child_process';
import type {BenchContext} from './context.js';
import {cpuSeconds, statusBytes} from './proc.js';
import type {BenchLine} from './report.js';
import {megabytes, percent, sleep} from './stats.js';

export async function measureKeepAlive(context: BenchContext, storeDir: string, accounts: number, seconds: number): Promise<BenchLine[]> {
	const child = spawn(context.node, [context.cli, '--config-dir', storeDir, 'keep-alive'], {env: context.env, stdio: ['ignore', 'ignore', 'pipe']});
	let log = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
	const exited = new Promise<number | null>(resolve => child.on('close', resolve));
	try {
		const started = new RegExp(`looks after ${accounts} accounts`);
		const deadline = performance.now() + 30_000;
		while (!started.test(log)) {
			if (performance.now() > deadline || child.exitCode !== null) throw new Error(`keep-alive did not start: ${log.slice(0, 300)}`);
			await sleep(20);
		}
		const pid = child.pid!;
		const before = cpuSeconds(pid);
		const openedAt = performance.now();
		await sleep(seconds * 1000);
		const used = cpuSeconds(pid) - before;
		const elapsed = (performance.now() - openedAt) / 1000;
		const peak = statusBytes(pid, 'VmHWM');
		const events = log.trim().split('\n').length - 1;
		const share = (used / elapsed) * 100;
		return [
			{
				what: `keep-alive CPU, ${accounts} accounts idle between refreshes, first ${seconds} s`,
				measured: percent(share),
				target: '≤ 0.1 % of one core',
				pass: share <= 0.1,
				detail: `${(used * 1000).toFixed(0)} ms CPU in ${elapsed.toFixed(1)} s after start-up (/proc/PID/stat utime+stime); ${events} events logged`,
			},
			{
				what: `keep-alive peak RSS (${accounts} accounts)`,
				measured: megabytes(peak),
				target: '≤ 80 MB',
				pass: peak <= 80 * 1024 * 1024,
				detail: `VmHWM after ${seconds} s; VmRSS then ${megabytes(statusBytes(pid, 'VmRSS'))}`,
			},
		];
	} finally {
		child.kill('SIGTERM');
		const code = await exited;
		if (code !== 0) process.stderr.write(`bench: keep-alive exited ${code} after SIGTERM\n`);
	}
}
