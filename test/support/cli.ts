/** Runs the built binary (dist/cli.js) as a user would, on a throw-away config folder. */
import {spawn} from 'node:child_process';
import path from 'node:path';

export const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs as this user, with no supplementary groups (root only): a store another user cannot write. */
export interface CliUser {
	uid: number;
	gid: number;
}

export const nobody: CliUser = {uid: 65534, gid: 65534};

/**
 * `command`: the program (and its first arguments) to run instead of this Node on dist/cli.js, e.g. an installed bin;
 * `wrapper`: a command (e.g. keyctl session -) that runs it inside a prepared environment.
 */
export function runCli(
	args: string[],
	options: {configDir: string; input?: string; env?: Record<string, string>; timeoutMs?: number; user?: CliUser; wrapper?: string[]; command?: readonly string[]},
): Promise<CliResult> {
	const [program, ...programArgs] = [...(options.wrapper ?? []), ...(options.command ?? [process.execPath, cliPath])];
	return new Promise((resolve, reject) => {
		const child = spawn(program!, [...programArgs, ...args], {
			env: {...process.env, TOKENTOP_CONFIG_DIR: options.configDir, NO_COLOR: '1', ...options.env},
			stdio: ['pipe', 'pipe', 'pipe'],
			...(options.user ? {uid: options.user.uid, gid: options.user.gid} : {}),
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', chunk => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tokentop ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
		}, options.timeoutMs ?? 30_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end(options.input ?? '');
	});
}

export {tempConfigDir} from './temp-store.js';
