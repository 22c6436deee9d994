/**
 * The alternate screen with bracketed paste, entered on start and left on every way out:
 * normal exit, Ctrl-C, SIGINT, SIGTERM, SIGHUP, and an uncaught error (whose message is then
 * printed on the normal screen). Bracketed paste makes the terminal mark pasted text, so the
 * app takes a paste as text and never as keys; the shell gets its terminal back without it.
 */
import {writeSync} from 'node:fs';

const enter = '\x1b[?1049h\x1b[H\x1b[?2004h';
const leave = '\x1b[?2004l\x1b[?25h\x1b[?1049l';

export interface AlternateScreen {
	leave(): void;
}

/** Exit codes of a process ended by a signal (128 + its number). */
const signalCodes: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143};

export function enterAlternateScreen(stdout: NodeJS.WriteStream, onFatal: (error: unknown) => void): AlternateScreen {
	let active = true;
	const restore = () => {
		if (!active) return;
		active = false;
		stdout.write(leave);
		for (const [event, handler] of handlers) process.off(event, handler);
	};
	const onSignal = (signal: NodeJS.Signals) => {
		restore();
		process.exit(signalCodes[signal] ?? 1);
	};
	const onCrash = (error: unknown) => {
		restore();
		onFatal(error);
		process.exit(1);
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- process events pass different arguments
	const handlers: Array<[string, (...args: any[]) => void]> = [
		['exit', restore],
		['SIGINT', onSignal],
		['SIGTERM', onSignal],
		['SIGHUP', onSignal],
		['uncaughtException', onCrash],
		['unhandledRejection', onCrash],
	];
	stdout.write(enter);
	for (const [event, handler] of handlers) process.on(event, handler);
	return {leave: restore};
}

/**
 * Writes to the terminal at once, past the stream (Node's stream machinery is most of the cost
 * of a small write from a process that was asleep): only when nothing waits in the stream, so
 * the order of what reaches the terminal never changes.
 */
export function writeToTerminal(stdout: NodeJS.WriteStream, data: string): void {
	if (stdout.writableLength === 0 && typeof (stdout as {fd?: unknown}).fd === 'number') {
		const bytes = Buffer.from(data);
		let written = 0;
		try {
			while (written < bytes.length) written += writeSync((stdout as unknown as {fd: number}).fd, bytes, written);
			return;
		} catch {
			// EAGAIN on a non-blocking terminal: the stream queues the rest.
		}
		stdout.write(bytes.subarray(written));
		return;
	}
	stdout.write(data);
}
