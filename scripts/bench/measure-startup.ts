/**
 * Start-up figures against `node -e 0`, each measured the same way as its baseline:
 * - first full frame of the app in tmux (command released by a tmux channel, output piped
 *   to a file, end = the frame's last line in the file; the baseline's end is a marker
 *   printed right after `node -e 0` exits);
 * - `tokentop token NAME` (valid token, so no network) from spawn to exit.
 */
import {appCommand, type BenchContext, firstFrameMarkers, quote, terminalSize} from './context.js';
import type {BenchLine} from './report.js';
import {checkedRun} from './run.js';
import {median, ms, ratio} from './stats.js';

const baselineMarker = 'BENCH-BASELINE-DONE';

async function timePane(context: BenchContext, command: string, markers: readonly string[]): Promise<number> {
	const pane = context.tmux.open(command, terminalSize);
	try {
		const started = pane.start();
		return (await pane.waitForOutput(markers)) - started;
	} finally {
		pane.close();
	}
}

export async function measureFirstFrame(context: BenchContext, storeDir: string, accounts: number, rounds: number): Promise<BenchLine> {
	const baseline: number[] = [];
	const app: number[] = [];
	const baselineCommand = `${quote(context.node)} -e 0 && printf %s ${baselineMarker}`;
	for (let round = 0; round < rounds; round++) {
		// Alternate the order so neither side always runs on a warmer machine.
		const runBaseline = async () => baseline.push(await timePane(context, baselineCommand, [baselineMarker]));
		const runApp = async () => app.push(await timePane(context, `exec ${appCommand(context, storeDir)}`, firstFrameMarkers(accounts)));
		if (round % 2 === 0) {
			await runBaseline();
			await runApp();
		} else {
			await runApp();
			await runBaseline();
		}
	}
	const value = median(app) / median(baseline);
	return {
		what: `first full frame in a pseudo-terminal (${accounts} accounts)`,
		measured: ratio(value),
		target: '≤ 3× node -e 0',
		pass: value <= 3,
		detail: `median of ${rounds}: ${ms(median(app))} vs node -e 0 ${ms(median(baseline))} (tmux, same harness)`,
	};
}

export async function measureTokenCommand(context: BenchContext, storeDir: string, name: string, expectedToken: string, rounds: number): Promise<BenchLine> {
	const baseline: number[] = [];
	const command: number[] = [];
	const args = [context.cli, '--config-dir', storeDir, 'token', name];
	for (let round = 0; round < rounds; round++) {
		const runBaseline = async () => baseline.push((await checkedRun(context.node, ['-e', '0'], {env: context.env})).milliseconds);
		const runCommand = async () => {
			const result = await checkedRun(context.node, args, {env: context.env});
			if (result.stdout.trim() !== expectedToken) throw new Error(`tokentop token ${name} printed something else than the stored token`);
			command.push(result.milliseconds);
		};
		if (round % 2 === 0) {
			await runBaseline();
			await runCommand();
		} else {
			await runCommand();
			await runBaseline();
		}
	}
	const value = median(command) / median(baseline);
	return {
		what: '`tokentop token NAME`, token still valid',
		measured: ratio(value),
		target: '≤ 2× node -e 0',
		pass: value <= 2,
		detail: `median of ${rounds}: ${ms(median(command))} vs node -e 0 ${ms(median(baseline))} (spawn to exit)`,
	};
}
