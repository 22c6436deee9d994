/**
 * `tokentop keep-alive` (the built binary) as a service manager runs it: started on a store,
 * its stderr read line by line as it comes, stopped with a signal.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {cliPath} from './cli.js';

export interface KeepAliveProcess {
	pid: number;
	/** Every stderr line so far. */
	readonly lines: string[];
	/** Resolves with the exit code (or the signal's name) once it ended. */
	readonly exit: Promise<number | string>;
	readonly exited: boolean;
	/** The first line (from `from` on) matching `pattern`, waiting for it up to `timeoutMs`. */
	waitForLine(pattern: RegExp, options?: {timeoutMs?: number; from?: number}): Promise<string>;
	signal(name: NodeJS.Signals): void;
	/** SIGTERM, then the exit code. */
	stop(): Promise<number | string>;
}

export function startKeepAlive(configDir: string, args: string[] = [], options: {cli?: string; env?: Record<string, string>} = {}): KeepAliveProcess {
	const child: ChildProcess = spawn(process.execPath, [options.cli ?? cliPath, '--config-dir', configDir, 'keep-alive', ...args], {
		env: {...process.env, NO_COLOR: '1', TOKENTOP_HTTP_TIMEOUT_MS: '5000', ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: string[] = [];
	let partial = '';
	let exited = false;
	const waiters = new Set<() => void>();
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		const parts = (partial + chunk).split('\n');
		partial = parts.pop()!;
		lines.push(...parts);
		for (const wake of waiters) wake();
	});
	child.stdout!.resume();
	const exit = new Promise<number | string>(resolve => {
		child.on('close', (code, signal) => {
			exited = true;
			if (partial) lines.push(partial);
			for (const wake of waiters) wake();
			resolve(code ?? signal ?? 'unknown');
		});
	});
	const process_: KeepAliveProcess = {
		pid: child.pid ?? -1,
		lines,
		exit,
		get exited() {
			return exited;
		},
		waitForLine(pattern, {timeoutMs = 15_000, from = 0} = {}) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const found = lines.slice(from).find(line => pattern.test(line));
					if (found !== undefined) {
						finish();
						resolve(found);
					} else if (exited) {
						finish();
						reject(new Error(`keep-alive exited without a line matching ${pattern}:\n${lines.join('\n')}`));
					}
				};
				const timer = setTimeout(() => {
					finish();
					reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`));
				}, timeoutMs);
				const finish = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};
				waiters.add(check);
				check();
			});
		},
		signal(name) {
			if (!exited) child.kill(name);
		},
		async stop() {
			if (!exited) child.kill('SIGTERM');
			return exit;
		},
	};
	return process_;
}
