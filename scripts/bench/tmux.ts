/**
 * Programs in a real pseudo-terminal (tmux), timed precisely: the pane's command waits on a
 * tmux channel, its output is piped to a file (pipe-pane) before it starts, and the clock
 * starts when the channel is signalled. A private tmux server (-L) keeps the bench away from
 * any tmux the user runs.
 */
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, readFileSync, rmSync, watch, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {nodeProcessUnder} from './proc.js';

/** The environment of the panes: no CI flag (Ink would print only the last frame). */
export function terminalEnvironment(): NodeJS.ProcessEnv {
	const environment = {...process.env};
	for (const key of ['CI', 'CONTINUOUS_INTEGRATION', 'NO_COLOR', 'FORCE_COLOR', 'TMUX', 'TMUX_PANE']) delete environment[key];
	return environment;
}

export class TmuxServer {
	readonly socket = `tokentop-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
	private readonly environment = terminalEnvironment();
	private count = 0;

	constructor(private readonly workDir: string) {
		// A session that outlives the measured ones: else the server exits with the last of them
		// and the next new-session races its shutdown.
		this.run('new-session', '-d', '-s', 'keeper', 'exec sleep 100000');
	}

	run(...args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8', env: this.environment, stdio: ['ignore', 'pipe', 'pipe']});
	}

	/** A pane running `command` (a shell command line) once `start()` is called. */
	open(command: string, size: {columns: number; rows: number}): Pane {
		const name = `p${++this.count}`;
		const outputFile = path.join(this.workDir, `${name}.out`);
		writeFileSync(outputFile, '');
		this.run('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), `tmux wait-for go-${name} && ${command}`);
		this.run('pipe-pane', '-O', '-t', name, `cat >> ${shellQuote(outputFile)}`);
		return new Pane(this, name, outputFile);
	}

	stop(): void {
		try {
			this.run('kill-server');
		} catch {
			// No server left.
		}
		// tmux leaves its socket file behind.
		const socketDir = path.join(process.env.TMUX_TMPDIR ?? tmpdir(), `tmux-${process.getuid?.() ?? 0}`);
		rmSync(path.join(socketDir, this.socket), {force: true});
	}
}

export class Pane {
	constructor(
		private readonly server: TmuxServer,
		readonly name: string,
		readonly outputFile: string,
	) {}

	/** Lets the command run; returns the start time (performance.now()). */
	start(): number {
		const started = performance.now();
		this.server.run('wait-for', '-S', `go-${this.name}`);
		return started;
	}

	/** Waits until everything in `markers` appeared in the pane's output; returns that time. */
	waitForOutput(markers: readonly string[], timeoutMs = 30_000): Promise<number> {
		return waitForFileContent(this.outputFile, text => markers.every(marker => text.includes(marker)), timeoutMs);
	}

	/** The node process running in the pane. */
	nodePid(): number {
		return nodeProcessUnder(Number(this.server.run('display-message', '-p', '-t', this.name, '#{pane_pid}').trim()));
	}

	press(...keys: string[]): void {
		this.server.run('send-keys', '-t', this.name, ...keys);
	}

	output(): string {
		return existsSync(this.outputFile) ? readFileSync(this.outputFile, 'utf8') : '';
	}

	close(): void {
		try {
			this.server.run('kill-session', '-t', this.name);
		} catch {
			// Already gone.
		}
	}
}

/** Resolves with performance.now() when the file's text satisfies `done`; inotify plus a 5 ms poll. */
function waitForFileContent(file: string, done: (text: string) => boolean, timeoutMs: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (!done(readFileSync(file, 'utf8'))) return;
			const at = performance.now();
			finish();
			resolve(at);
		};
		const watcher = watch(file, check);
		const poll = setInterval(check, 5);
		const timer = setTimeout(() => {
			finish();
			reject(new Error(`timed out waiting for output in ${file}; last output: ${JSON.stringify(readFileSync(file, 'utf8').slice(-400))}`));
		}, timeoutMs);
		const finish = () => {
			watcher.close();
			clearInterval(poll);
			clearTimeout(timer);
		};
		check();
	});
}

export function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}
