/** The built binary running beside the test (e.g. a login waiting for its browser): what it wrote so far, its stdin, its end. */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {type CliResult, cliPath} from './cli.js';

export interface CliProcess {
	child: ChildProcessWithoutNullStreams;
	stdout(): string;
	stderr(): string;
	/** Polls until stdout has a line matching `line` (its first group, or the whole line); fails when the process ended first. */
	lineOf(line: RegExp, timeoutMs?: number): Promise<string>;
	exited: Promise<CliResult>;
}

export function startCli(args: string[], options: {configDir: string; env?: Record<string, string>}): CliProcess {
	const child = spawn(process.execPath, [cliPath, ...args], {
		env: {...process.env, TOKENTOP_CONFIG_DIR: options.configDir, NO_COLOR: '1', ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
	const exited = new Promise<CliResult>(resolve => child.on('close', code => resolve({code, stdout, stderr})));
	return {
		child,
		stdout: () => stdout,
		stderr: () => stderr,
		async lineOf(line, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = new RegExp(line.source, `${line.flags.replace('m', '')}m`).exec(stdout);
				if (found) return found[1] ?? found[0];
				if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no line matching ${line} in the output: ${stdout}${stderr}`);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		},
		exited,
	};
}
