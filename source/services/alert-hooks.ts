/**
 * Alerts for the keep-alive: a shell command the user named (`--on-needs-login CMD`,
 * `--on-session-ending CMD`, or settings.json), and optionally a desktop notification
 * (notify-send). The command learns what happened from TOKENTOP_ACCOUNT, TOKENTOP_SERVICE,
 * TOKENTOP_STATE and TOKENTOP_MESSAGE — never a token. Its environment is built from a short
 * allow-list of the keep-alive's own (PATH, HOME, locale, the desktop session), so nothing the
 * keep-alive was started with (a TOKENTOP_TOKEN, an API key) leaks into it.
 */
import {spawn} from 'node:child_process';
import type {AccountRef} from './keep-alive.js';

export type AlertState = 'needs-login' | 'session-ending';

export interface Alert {
	account: AccountRef;
	state: AlertState;
	/** One line, no secret. */
	message: string;
}

export interface HookResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** The first line of what it printed, when it failed. */
	output?: string;
}

/** What a hook may see of the keep-alive's environment. */
export const hookEnvironmentAllowList = [
	'PATH',
	'HOME',
	'USER',
	'LOGNAME',
	'SHELL',
	'LANG',
	'LANGUAGE',
	'LC_ALL',
	'LC_CTYPE',
	'LC_MESSAGES',
	'TZ',
	'TMPDIR',
	// A desktop notification needs the session it goes to.
	'DISPLAY',
	'WAYLAND_DISPLAY',
	'DBUS_SESSION_BUS_ADDRESS',
	'XDG_RUNTIME_DIR',
	// Windows needs these to start anything at all.
	'SystemRoot',
	'ComSpec',
	'PATHEXT',
] as const;

export function hookEnvironment(alert: Alert, parent: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of hookEnvironmentAllowList) {
		const value = parent[name];
		if (value !== undefined) env[name] = value;
	}
	env.TOKENTOP_ACCOUNT = alert.account.name;
	env.TOKENTOP_SERVICE = alert.account.service;
	env.TOKENTOP_STATE = alert.state;
	env.TOKENTOP_MESSAGE = alert.message;
	return env;
}

/** A hook running longer than this is ended. */
const hookTimeoutMs = 60_000;

/** Runs the user's command through the shell with the alert in its environment. */
export function runHook(command: string, alert: Alert): Promise<HookResult> {
	return runProcess(command, [], {shell: true, env: hookEnvironment(alert)});
}

/** A desktop notification, where notify-send is installed. */
export function notifyDesktop(alert: Alert): Promise<HookResult> {
	const title = alert.state === 'needs-login' ? `tokentop: ${alert.account.name} needs a login` : `tokentop: ${alert.account.name}'s session ends soon`;
	return runProcess('notify-send', ['--app-name=tokentop', title, alert.message], {shell: false, env: hookEnvironment(alert)});
}

function runProcess(command: string, args: string[], options: {shell: boolean; env: Record<string, string>}): Promise<HookResult> {
	return new Promise(resolve => {
		let output = '';
		const child = spawn(command, args, {shell: options.shell, env: options.env, stdio: ['ignore', 'pipe', 'pipe']});
		const keep = (chunk: Buffer) => {
			if (output.length < 1000) output += chunk.toString('utf8');
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setTimeout(() => child.kill('SIGKILL'), hookTimeoutMs);
		child.on('error', error => {
			clearTimeout(timer);
			resolve({code: null, signal: null, output: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${command} not found` : error.message});
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const firstLine = output.trim().split('\n')[0]?.slice(0, 200);
			resolve({code, signal, ...(code !== 0 && firstLine ? {output: firstLine} : {})});
		});
	});
}
