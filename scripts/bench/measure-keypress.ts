/**
 * Key-press latency with many accounts: the real App, TokenManager and store rendered by
 * Ink in a child process (bundled like the bin) into a fake terminal; each ↓ is timed from
 * the stdin write to the stdout write of the frame showing the new selection. See
 * keypress-probe.tsx.
 */
import type {BenchContext} from './context.js';
import {terminalSize} from './context.js';
import type {ProbeResult} from './keypress-probe.js';
import type {BenchLine} from './report.js';
import {checkedRun} from './run.js';
import {median, ms, percentile, ratio} from './stats.js';

const frameBudgetMs = 16;

export async function measureKeyPress(context: BenchContext, probe: string, storeDir: string, accounts: number, presses: number): Promise<BenchLine> {
	// Colours on, as in a terminal: chalk decides from the environment, not from Ink's stdout.
	const env = {...context.env, FORCE_COLOR: '1'};
	const args = [probe, storeDir, String(presses), String(terminalSize.columns), String(terminalSize.rows)];
	const run = await checkedRun(context.node, args, {env, timeoutMs: 120_000});
	const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as ProbeResult;
	if (result.latencies.length === 0) throw new Error(`no key press produced a frame (${result.missed} missed)`);
	const p95 = percentile(result.latencies, 95);
	const value = p95 / frameBudgetMs;
	const missed = result.missed > 0 ? `, ${result.missed} presses without a frame within 2 s` : '';
	return {
		what: `key press (↓) to next frame, p95 (${accounts} accounts)`,
		measured: ratio(value),
		target: '≤ 1× a 16 ms frame',
		pass: value <= 1 && result.missed === 0,
		detail: `p95 ${ms(p95)}, median ${ms(median(result.latencies))}, max ${ms(Math.max(...result.latencies))} over ${result.latencies.length} presses (${result.nearTick} near a clock tick${missed}); in-process Ink render to a fake TTY`,
	};
}
