/**
 * The alternate screen, entered on start and left on every way out: normal exit, Ctrl-C,
 * SIGTERM, SIGHUP, and an uncaught error (whose message is then printed on the normal screen).
 */
const enter = '\x1b[?1049h\x1b[H';
const leave = '\x1b[?25h\x1b[?1049l';

export interface AlternateScreen {
	leave(): void;
}

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
		process.exit(signal === 'SIGTERM' ? 143 : 129);
	};
	const onCrash = (error: unknown) => {
		restore();
		onFatal(error);
		process.exit(1);
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- process events pass different arguments
	const handlers: Array<[string, (...args: any[]) => void]> = [
		['exit', restore],
		['SIGTERM', onSignal],
		['SIGHUP', onSignal],
		['uncaughtException', onCrash],
		['unhandledRejection', onCrash],
	];
	stdout.write(enter);
	for (const [event, handler] of handlers) process.on(event, handler);
	return {leave: restore};
}
