/**
 * Start-up figures against `node -e 0`, each measured the same way as its baseline:
 * - first full frame of the app in tmux (command released by a tmux channel, output piped
 *   to a file, end = the frame's last line in the file; the baseline's end is a marker
 *   printed right after `node -e 0` exits);
 * - one-shot commands (`tokentop token NAME` with a valid token, so no network; `tokentop fetch`)
 *   from spawn to exit.
 */
import {appCommand, type BenchContext, firstFrameMarkers, quote, terminalSize} from './context.js';
import {type BenchLine, ratioLine} from './report.js';
import {alternateRuns, checkedRun} from './run.js';

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
	const baselineCommand = `${quote(context.node)} -e 0 && printf %s ${baselineMarker}`;
	const times = await alternateRuns(
		rounds,
		() => timePane(context, baselineCommand, [baselineMarker]),
		() => timePane(context, `exec ${appCommand(context, storeDir)}`, firstFrameMarkers(accounts)),
	);
	return ratioLine(`first full frame in a pseudo-terminal (${accounts} accounts)`, times, 3, 'node -e 0', 'tmux, same harness');
}

export interface OneShotCommand {
	what: string;
	/** tokentop's arguments after --config-dir. */
	args: string[];
	/** Throws when the command printed something else than it should. */
	check(stdout: string): void;
}

/** A one-shot command (`token`, `fetch`) on a store, from spawn to exit, against `node -e 0`. */
export async function measureOneShotCommand(context: BenchContext, storeDir: string, command: OneShotCommand, rounds: number): Promise<BenchLine> {
	const times = await alternateRuns(rounds, () => timeNodeNoop(context), async () => {
		const result = await checkedRun(context.node, [context.cli, '--config-dir', storeDir, ...command.args], {env: context.env});
		command.check(result.stdout);
		return result.milliseconds;
	});
	return ratioLine(command.what, times, 2, 'node -e 0', 'spawn to exit');
}

/** `node -e 0` from spawn to exit: the baseline of every one-shot command. */
async function timeNodeNoop(context: BenchContext): Promise<number> {
	return (await checkedRun(context.node, ['-e', '0'], {env: context.env})).milliseconds;
}
