/**
 * `tokentop keep-alive`: keeps every account of the store alive with no screen, until SIGTERM
 * or SIGINT (exit 0). One per store: a second one exits naming the running one's pid. One line
 * per event on stderr (`--json`: one JSON object per line), never a token or a password.
 */
import {hostname} from 'node:os';
import {parseArgs} from 'node:util';
import {formatCountdown, formatLocalTime} from '../rules/time-format.js';
import {ServiceError, exitCodes} from '../services/errors.js';
import {KeepAlive, type KeepAliveEvent} from '../services/keep-alive.js';
import {acquireKeepAliveLock} from '../services/keep-alive-lock.js';
import type {CommandContext} from './commands.js';

export const keepAliveUsage = 'Usage: tokentop keep-alive [--json] [--concurrency N]';

interface KeepAliveArgs {
	json: boolean;
	concurrency: number;
}

function parseKeepAliveArgs(argv: string[]): KeepAliveArgs {
	let values;
	let positionals;
	try {
		({values, positionals} = parseArgs({
			args: argv,
			options: {
				json: {type: 'boolean'},
				concurrency: {type: 'string'},
			},
			allowPositionals: true,
			strict: true,
		}));
	} catch (error) {
		throw new ServiceError('usage', `${(error as Error).message.split('\n')[0]} (${keepAliveUsage})`);
	}
	if (positionals.length > 0) throw new ServiceError('usage', `keep-alive takes no arguments (${keepAliveUsage})`);
	const concurrency = Number(values.concurrency ?? 4);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ServiceError('usage', '--concurrency takes a whole number from 1 to 64');
	return {json: values.json ?? false, concurrency};
}

export async function keepAliveCommand(context: CommandContext, argv: string[]): Promise<number> {
	const args = parseKeepAliveArgs(argv);
	const lock = await acquireKeepAliveLock(context.store.dir, context.clock);
	if (!lock.ok) {
		const {pid, host, startedAt} = lock.heldBy;
		context.stderr.write(`tokentop: a keep-alive (pid ${pid}${host === hostname() ? '' : ` on ${host}`}, started ${formatLocalTime(startedAt)}) already looks after ${context.store.dir}\n`);
		return exitCodes.other;
	}
	try {
		const write = args.json ? jsonLine : textLine;
		const keepAlive = new KeepAlive({
			store: context.store,
			clock: context.clock,
			concurrency: args.concurrency,
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
		} else if (key === 'expiresAt' || key === 'retryAt') record[key] = new Date(value as number).toISOString();
		else record[key] = value;
	}
	return JSON.stringify(record);
}
