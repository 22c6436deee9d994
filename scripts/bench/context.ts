/** What every measurement needs: the binary, node, a scratch folder, the tmux server. */
import type {TmuxServer} from './tmux.js';

export interface BenchContext {
	/** The node binary running the bench; the app runs on the same one. */
	node: string;
	/** The built bin (dist/cli.js). */
	cli: string;
	/** Scratch folder, removed at the end. */
	workDir: string;
	tmux: TmuxServer;
	/** Environment for child processes: no CI flag, no NO_COLOR. */
	env: NodeJS.ProcessEnv;
}

/** The shell command line that starts the app on a store. */
export function appCommand(context: BenchContext, storeDir: string): string {
	return [context.node, context.cli, '--config-dir', storeDir].map(quote).join(' ');
}

export function quote(text: string): string {
	return /^[\w./:=@+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The app's first frame is complete once its header and its last line (the key hints) are out. */
export function firstFrameMarkers(accounts: number): string[] {
	return [`${accounts} accounts`, 'q quit'];
}

export const terminalSize = {columns: 120, rows: 40} as const;
