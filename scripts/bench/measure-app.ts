/**
 * The open app in tmux, read from /proc: idle CPU while 1,000 countdowns tick, and the peak
 * resident set (VmHWM) with 10,000 accounts after moving through the list.
 */
import {appCommand, type BenchContext, firstFrameMarkers, terminalSize} from './context.js';
import {cpuSeconds, statusBytes} from './proc.js';
import type {BenchLine} from './report.js';
import {megabytes, percent, sleep} from './stats.js';
import type {Pane} from './tmux.js';

async function openApp(context: BenchContext, storeDir: string, accounts: number): Promise<{pane: Pane; pid: number; firstFrameMs: number}> {
	const pane = context.tmux.open(`exec ${appCommand(context, storeDir)}`, terminalSize);
	const started = pane.start();
	const shown = await pane.waitForOutput(firstFrameMarkers(accounts), 120_000);
	return {pane, pid: pane.nodePid(), firstFrameMs: shown - started};
}

export async function measureIdleCpu(context: BenchContext, storeDir: string, accounts: number, seconds: number): Promise<BenchLine> {
	const {pane, pid} = await openApp(context, storeDir, accounts);
	try {
		// Let start-up work (JIT, first ticks, GC) settle before the window opens.
		await sleep(2000);
		const before = cpuSeconds(pid);
		const openedAt = performance.now();
		await sleep(seconds * 1000);
		const used = cpuSeconds(pid) - before;
		const elapsed = (performance.now() - openedAt) / 1000;
		const share = (used / elapsed) * 100;
		return {
			what: `idle CPU of the open app, ${accounts} accounts ticking, ${seconds} s`,
			measured: percent(share),
			target: '≤ 1 % of one core',
			pass: share <= 1,
			detail: `${used.toFixed(2)} s CPU in ${elapsed.toFixed(1)} s (/proc/PID/stat utime+stime)`,
		};
	} finally {
		pane.close();
	}
}

export async function measurePeakRss(context: BenchContext, storeDir: string, accounts: number): Promise<BenchLine> {
	const {pane, pid, firstFrameMs} = await openApp(context, storeDir, accounts);
	try {
		// Move about the way a person would: to the end, pages up, home, a few rows down.
		const keys = ['End', 'PageUp', 'PageUp', 'PageUp', 'Home', 'Down', 'Down', 'Down', 'PageDown', 'PageDown'];
		for (const key of keys) {
			pane.press(key);
			await sleep(100);
		}
		await sleep(3000);
		const peak = statusBytes(pid, 'VmHWM');
		const now = statusBytes(pid, 'VmRSS');
		const limit = 150 * 1024 * 1024;
		return {
			what: `peak RSS of the open app (${accounts} accounts)`,
			measured: megabytes(peak),
			target: '≤ 150 MB',
			pass: peak <= limit,
			detail: `VmHWM after first frame (${Math.round(firstFrameMs)} ms), ${keys.length} keys, 3 s of ticks; VmRSS then ${megabytes(now)}`,
		};
	} finally {
		pane.close();
	}
}
