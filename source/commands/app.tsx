/** Runs the full-screen app on a store until the user leaves it. */
import {render} from 'ink';
import {describeError, exitCodes} from '../services/errors.js';
import {autoRefreshDefault, readSettings, updateSettings} from '../services/settings.js';
import type {TokenStore} from '../services/store/token-store.js';
import {TokenManager} from '../services/token-manager.js';
import {App} from '../ui/app.js';
import {LivePainter} from '../ui/live/live-painter.js';
import type {DemoInfo} from '../ui/store/ui-store.js';
import {enterAlternateScreen, writeToTerminal} from './terminal-screen.js';

export interface AppOptions {
	store: TokenStore;
	noColor: boolean;
	insecure: boolean;
	/** --no-auto-refresh: off for this run, whatever settings.json says. */
	noAutoRefresh?: boolean;
	/** Extra clean-up when the app ends (the demo stops its servers here). */
	onExit?: () => Promise<void> | void;
	/** What the demo shows its player. */
	demo?: DemoInfo;
}

export async function runApp(options: AppOptions): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('tokentop: the app needs a terminal; for scripts use the plain commands (tokentop --help)\n');
		return exitCodes.usage;
	}
	const {settings, problem} = readSettings(options.store.dir);
	if (problem) process.stderr.write(`tokentop: ${problem}\n`);
	const manager = new TokenManager(options.store, {
		insecure: options.insecure,
		autoRefresh: !options.noAutoRefresh && (settings.autoRefresh ?? autoRefreshDefault),
		// `A` is remembered; if settings.json cannot be written, the choice holds for this run.
		onAutoRefreshChange: on => void updateSettings(options.store.dir, {autoRefresh: on}).catch(() => undefined),
	});
	manager.start();
	const screen = enterAlternateScreen(process.stdout, error => {
		manager.stop();
		process.stderr.write(`tokentop: crashed: ${describeError(error)}\n`);
	});
	// Countdowns are painted in place between Ink's frames (live-painter.ts); it learns of every frame here.
	const painter = new LivePainter((data) => writeToTerminal(process.stdout, data));
	// Ctrl-C is a key of the app's key table (it quits from anywhere), not Ink's own exit.
	const instance = render(<App manager={manager} noColor={options.noColor} demo={options.demo} painter={painter} />, {
		exitOnCtrlC: false,
		patchConsole: true,
		onRender: () => painter.noteFrame(process.stdout.columns, process.stdout.rows),
	});
	try {
		await instance.waitUntilExit();
	} finally {
		manager.stop();
		instance.cleanup();
		screen.leave();
		// The journal is folded into config.json on the way out; when that fails, nothing is lost (it is read with it).
		await options.store.compact().catch((error: unknown) => process.stderr.write(`tokentop: journal not folded into config.json: ${describeError(error)}\n`));
		await options.onExit?.();
	}
	return exitCodes.ok;
}
