/**
 * `tokentop keep-alive`: keeps every account of the store alive with no screen, until SIGTERM
 * or SIGINT (exit 0). One per store: a second one exits naming the running one's pid. One line
 * per event on stderr (`--json`: one JSON object per line), never a token or a password.
 */
import {existsSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {formatCountdown, formatLocalTime} from '../rules/time-format.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {type AlertOptions, KeepAlive, type KeepAliveEvent} from '../services/keep-alive.js';
import {readSettings, sessionWarningDaysDefault} from '../services/settings.js';
import {acquireKeepAliveLock} from '../services/keep-alive-lock.js';
import type {TokenStore} from '../services/store/token-store.js';
import type {TokenFile} from '../services/token-files.js';
import type {CommandContext} from './context.js';
import {type ParsedLine, flag, stringOption} from './parse.js';

export const keepAliveUsage =
	'Usage: tokentop keep-alive [--json] [--concurrency N] [--write-token NAME=PATH]… [--on-needs-login CMD] [--on-session-ending CMD] [--session-warning-days N] [--notify]';

interface KeepAliveArgs {
	json: boolean;
	concurrency: number;
	tokenFiles: TokenFile[];
	onNeedsLogin?: string;
	onSessionEnding?: string;
	sessionWarningDays?: number;
	notify: boolean;
}

function keepAliveArgsOf(line: ParsedLine): KeepAliveArgs {
	const values = {
		json: flag(line, 'json'),
		concurrency: stringOption(line, 'concurrency'),
		'write-token': (line.values['write-token'] as string[] | undefined) ?? [],
		'on-needs-login': stringOption(line, 'on-needs-login'),
		'on-session-ending': stringOption(line, 'on-session-ending'),
		'session-warning-days': stringOption(line, 'session-warning-days'),
		notify: flag(line, 'notify'),
	};
	const positionals = line.positionals;
	if (positionals.length > 0) throw new ServiceError('usage', `keep-alive takes no arguments (${keepAliveUsage})`);
	const concurrency = Number(values.concurrency ?? 4);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServiceError('usage', '--concurrency takes a whole number from 1 to 64');
	const daysText = values['session-warning-days'];
	const sessionWarningDays = daysText === undefined ? undefined : Number(daysText);
	if (sessionWarningDays !== undefined && !(/^\d+(\.\d+)?$/.test(daysText!) && sessionWarningDays <= 3650)) {
		throw new ServiceError('usage', '--session-warning-days takes a number of days (e.g. 7)');
	}
	for (const flag of ['on-needs-login', 'on-session-ending'] as const) {
		if (values[flag] !== undefined && values[flag]!.trim() === '') throw new ServiceError('usage', `--${flag} needs a command`);
	}
	return {
		json: values.json ?? false,
		concurrency,
		tokenFiles: (values['write-token'] ?? []).map(tokenFileOf),
		onNeedsLogin: values['on-needs-login'],
		onSessionEnding: values['on-session-ending'],
		sessionWarningDays,
		notify: values.notify ?? false,
	};
}

/** The flags win over settings.json; a broken settings file is told and read as the defaults. */
function alertOptions(args: KeepAliveArgs, dir: string, warn: (text: string) => void): AlertOptions {
	const {settings, problem} = readSettings(dir);
	if (problem) warn(problem);
	return {
		onNeedsLogin: args.onNeedsLogin ?? settings.onNeedsLogin,
		onSessionEnding: args.onSessionEnding ?? settings.onSessionEnding,
		sessionWarningDays: args.sessionWarningDays ?? settings.sessionWarningDays ?? sessionWarningDaysDefault,
		notify: args.notify,
	};
}

/** NAME=PATH; the account must exist, the folder too, and no two accounts share a file. */
function tokenFileOf(spec: string): TokenFile {
	const at = spec.indexOf('=');
	if (at <= 0 || at === spec.length - 1) throw new ServiceError('usage', `--write-token takes NAME=PATH, got "${spec}"`);
	return {name: spec.slice(0, at), path: path.resolve(spec.slice(at + 1))};
}

function checkTokenFiles(files: readonly TokenFile[], store: TokenStore): void {
	const paths = new Set<string>();
	for (const file of files) {
		if (!store.find(file.name)) throw new ServiceError('usage', `--write-token: no account named "${file.name}" (see tokentop list)`);
		if (paths.has(file.path)) throw new ServiceError('usage', `--write-token: ${file.path} is named twice`);
		paths.add(file.path);
		const folder = path.dirname(file.path);
		if (!existsSync(folder)) throw new ServiceError('usage', `--write-token: the folder ${folder} does not exist`);
	}
}

export async function run(context: CommandContext, line: ParsedLine): Promise<number> {
	const args = keepAliveArgsOf(line);
	checkTokenFiles(args.tokenFiles, context.store);
	const lock = await acquireKeepAliveLock(context.store.dir, context.clock);
	if (!lock.ok) {
		const {pid, host, startedAt} = lock.heldBy;
		context.stderr.write(`tokentop: a keep-alive (pid ${pid}${host === hostname() ? '' : ` on ${host}`}, started ${formatLocalTime(startedAt)}) already looks after ${context.store.dir}\n`);
		return exitCodes.other;
	}
	try {
		const write = args.json ? jsonLine : textLine;
		const alerts = alertOptions(args, context.store.dir, text => context.stderr.write(`tokentop: ${text}\n`));
		const keepAlive = new KeepAlive({
			store: context.store,
			clock: context.clock,
			concurrency: args.concurrency,
			tokenFiles: args.tokenFiles,
			alerts,
			onEvent: event => context.stderr.write(`${write(event, context.clock())}\n`),
		});
		const stopped = stopSignal();
		keepAlive.start();
		await stopped;
		await keepAlive.stop();
		return exitCodes.ok;
	} finally {
		lock.release();
	}
}

/** Resolves on the first SIGTERM, SIGINT or SIGHUP; a second one ends the process at once. */
function stopSignal(): Promise<void> {
	const signals = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
	return new Promise(resolve => {
		const first = () => {
			for (const signal of signals) {
				process.off(signal, first);
				process.once(signal, () => process.exit(exitCodes.other));
			}
			resolve();
		};
		for (const signal of signals) process.on(signal, first);
	});
}

/** One readable line: local time, then what happened. */
export function textLine(event: KeepAliveEvent, now: number): string {
	return `${formatLocalTime(now)} ${describeEvent(event, now)}`;
}

function describeEvent(event: KeepAliveEvent, now: number): string {
	switch (event.type) {
		case 'started':
			return `keep-alive (pid ${event.pid}) looks after ${event.accounts === 1 ? '1 account' : `${event.accounts} accounts`} in ${event.dir}`;
		case 'refreshed': {
			const what = event.unchanged ? 'still valid, unchanged' : 'refreshed';
			return `${event.account.name}: ${what}, valid ${formatCountdown(event.expiresAt - now)} (until ${formatLocalTime(event.expiresAt)})${event.note ? `; ${event.note}` : ''}`;
		}
		case 'failed':
			return `${event.account.name}: refresh failed: ${event.message}${event.retryAt === undefined ? '' : `; next try in ${formatCountdown(Math.max(1000, event.retryAt - now))}`}`;
		case 'needs-login':
			return `${event.account.name}: needs login${event.before ? ' (already before this start)' : ''}: ${event.message}`;
		case 'added':
			return `${event.account.name}: picked up (new ${event.account.service} account)`;
		case 'removed':
			return `${event.account.name}: removed from the store, no longer kept alive`;
		case 'clock-jump':
			return `the clock jumped ${formatCountdown(Math.abs(event.ms))} ${event.ms > 0 ? 'ahead (the machine slept?)' : 'back'}: planning again, refreshing what fell due`;
		case 'store-problem':
			return `cannot read the store: ${event.message}; keeping what was read before`;
		case 'token-file-failed':
			return `${event.account}: cannot write the token file ${event.path}: ${event.message}`;
		case 'session-ending':
			if (event.endsAt <= now) return `${event.account.name}: the refresh token ended ${formatLocalTime(event.endsAt)}: log in again`;
			return `${event.account.name}: the refresh token ends in ${formatCountdown(event.endsAt - now)} (${formatLocalTime(event.endsAt)}): log in again before then`;
		case 'hook': {
			const how = event.code === 0 ? 'exit 0' : event.code === null ? (event.signal ? `ended by ${event.signal}` : 'did not start') : `exit ${event.code}`;
			return `${event.account.name}: ${event.hook} ran (${how})${event.output ? `: ${event.output}` : ''}`;
		}
		case 'stopped':
			return 'keep-alive stopped';
	}
}

/** One JSON object: time, event, the account's name and service, and the event's own fields (never a secret). */
export function jsonLine(event: KeepAliveEvent, now: number): string {
	const {type, ...fields} = event;
	const record: Record<string, unknown> = {time: new Date(now).toISOString(), event: type};
	for (const [key, value] of Object.entries(fields)) {
		if (key === 'account' && typeof value === 'object' && value !== null) {
			const account = value as {name: string; service: string};
			record.account = account.name;
			record.service = account.service;
		} else if (key === 'expiresAt' || key === 'retryAt' || key === 'endsAt') record[key] = new Date(value as number).toISOString();
		else record[key] = value;
	}
	return JSON.stringify(record);
}
