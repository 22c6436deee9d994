/**
 * `tokentop refresh --all` against the local stand-in(s), timed from spawn to exit, against
 * a bare got loop (got-loop.ts, also a fresh process) doing the same requests with the same
 * number of workers. Then one more run under strace for the bytes written to the config and
 * its journal, against one full config rewrite per refreshed account.
 */
import {readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import type {BenchContext} from './context.js';
import {type BenchLine, ratioLine} from './report.js';
import {alternateRuns, checkedRun, type TimedRun} from './run.js';
import {copyStore} from './seed.js';
import {megabytes, percent} from './stats.js';
import {readWriteTrace, straceArgs, straceAvailable} from './write-trace.js';

/** tokentop's default for refresh --all (source/commands/refresh.ts). */
export const refreshConcurrency = 8;

export interface RefreshSetup {
	/** A seeded store; every run works on a fresh copy of its config.json. */
	seedDir: string;
	accounts: number;
	configBytes: number;
	/** JSON file of the requests a refresh of every account makes, for the got loop. */
	requestsFile: string;
	/** What the accounts are, e.g. "1000 Zettelstore". */
	label: string;
}

interface RefreshRunOptions {
	/** A command the node process runs under, e.g. strace and its options. */
	wrapper?: string[];
	nodeOptions?: string[];
	env?: NodeJS.ProcessEnv;
}

async function refreshAll(context: BenchContext, setup: RefreshSetup, options: RefreshRunOptions = {}): Promise<{run: TimedRun; dir: string}> {
	const dir = copyStore(setup.seedDir, context.workDir);
	const [command, ...args] = [...(options.wrapper ?? []), context.node, ...(options.nodeOptions ?? []), context.cli, '--config-dir', dir, 'refresh', '--all'];
	const run = await checkedRun(command!, args, {env: options.env ?? context.env, timeoutMs: 120_000});
	const refreshed = run.stdout.split('\n').filter(line => line.includes(': refreshed')).length;
	if (refreshed !== setup.accounts) throw new Error(`refresh --all refreshed ${refreshed} of ${setup.accounts}: ${run.stderr.slice(0, 300)}`);
	return {run, dir};
}

/**
 * `setupFor` gives the store and the bare loop's requests for the next run: the same one again
 * where the server forgives a reused refresh token (grace), a freshly signed-in one where it
 * does not (OAuth: a refresh token works once).
 */
export async function measureRefreshAll(context: BenchContext, gotLoop: string, setupFor: () => Promise<RefreshSetup>, rounds: number): Promise<BenchLine> {
	let label = '';
	const times = await alternateRuns(
		rounds,
		async () => {
			const setup = await setupFor();
			const run = await checkedRun(context.node, [gotLoop, setup.requestsFile, String(refreshConcurrency)], {env: context.env, timeoutMs: 120_000});
			const {failed} = JSON.parse(run.stdout) as {failed: number};
			if (failed > 0) throw new Error(`the got loop saw ${failed} failed requests`);
			return run.milliseconds;
		},
		async () => {
			const setup = await setupFor();
			label = setup.label;
			const {run, dir} = await refreshAll(context, setup);
			rmSync(dir, {recursive: true, force: true});
			return run.milliseconds;
		},
	);
	return ratioLine(`\`refresh --all\` of ${label} accounts`, times, 1.5, 'bare got loop', `${refreshConcurrency} at a time, spawn to exit`);
}

export async function measureRefreshWrites(context: BenchContext, setup: RefreshSetup): Promise<BenchLine> {
	const fullRewrites = setup.configBytes * setup.accounts;
	const written = straceAvailable() ? await writesByStrace(context, setup) : await writesByProcIo(context, setup);
	const share = (written.bytes / fullRewrites) * 100;
	return {
		what: 'bytes written to the config during that refresh-all',
		measured: percent(share),
		target: '≤ 5 % of config size × accounts',
		pass: share <= 5,
		detail: `${megabytes(written.bytes)} of ${megabytes(fullRewrites)} (${megabytes(setup.configBytes)} config × ${setup.accounts}); ${written.how}`,
	};
}

async function writesByStrace(context: BenchContext, setup: RefreshSetup): Promise<{bytes: number; how: string}> {
	const prefix = path.join(context.workDir, `strace-${Date.now()}`);
	const {dir} = await refreshAll(context, setup, {wrapper: ['strace', ...straceArgs(prefix)]});
	rmSync(dir, {recursive: true, force: true});
	const bytes = readWriteTrace(prefix);
	return {
		bytes: bytes.config + bytes.journal,
		how: `strace: config.json ${megabytes(bytes.config)} in ${bytes.configWrites} writes, journal ${megabytes(bytes.journal)}, lock files ${(bytes.locks / 1024).toFixed(0)} KiB not counted`,
	};
}

/** Without strace: all bytes the process wrote (/proc/PID/io wchar) less what it wrote to stdout and stderr. */
async function writesByProcIo(context: BenchContext, setup: RefreshSetup): Promise<{bytes: number; how: string}> {
	const ioFile = path.join(context.workDir, `io-${Date.now()}.txt`);
	const preload = `data:text/javascript,${encodeURIComponent(`import {readFileSync, writeFileSync} from 'node:fs'; process.on('exit', () => writeFileSync(process.env.BENCH_IO_FILE, readFileSync('/proc/self/io')));`)}`;
	const env = {...context.env, BENCH_IO_FILE: ioFile};
	const {run, dir} = await refreshAll(context, setup, {nodeOptions: ['--import', preload], env});
	rmSync(dir, {recursive: true, force: true});
	const wchar = Number(/^wchar: (\d+)/m.exec(readFileSync(ioFile, 'utf8'))?.[1] ?? Number.NaN);
	const stdio = Buffer.byteLength(run.stdout) + Buffer.byteLength(run.stderr);
	return {bytes: wchar - stdio, how: '/proc/PID/io wchar less stdout and stderr (includes lock files: an upper bound)'};
}
