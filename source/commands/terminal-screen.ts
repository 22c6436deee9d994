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
		process.off('exit', restore);
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('uncaughtException', onCrash);
		process.off('unhandledRejection', onCrash);
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
	stdout.write(enter);
	process.on('exit', restore);
	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	return {leave: restore};
}
