/**
 * `npm run bench`: tokentop's performance, every figure a ratio against a baseline measured
 * in the same run (absolute times on a noisy machine are only a guide). Uses the local
 * stand-in servers and throw-away stores; prints the machine, one table, and the same table
 * as markdown for readme.md. Always exits 0: it is a report; failing lines say FAIL.
 *
 * TOKENTOP_BENCH_CLI benches another build of the bin than dist/cli.js.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startBlueskyStandIn} from '../source/standins/bluesky-server.js';
import {startZettelstoreStandIn} from '../source/standins/zettelstore-server.js';
import {bundleHelper, repoRoot} from './bench/bundle.js';
import type {BenchContext} from './bench/context.js';
import {machineLines} from './bench/machine.js';
import {measureIdleCpu, measurePeakRss} from './bench/measure-app.js';
import {measureKeepAlive} from './bench/measure-keep-alive.js';
import {measureKeyPress} from './bench/measure-keypress.js';
import {measureRefreshAll, measureRefreshWrites} from './bench/measure-refresh.js';
import {measureFirstFrame, measureOneShotCommand, type OneShotCommand} from './bench/measure-startup.js';
import {type BenchLine, markdownTable, plainTable} from './bench/report.js';
import {blueskyAccounts, blueskyOAuthAccounts, copyStore, createStandInUsers, newStoreDir, refreshSetupOf, writeStore, zettelstoreAccounts, zettelstoreTemplate} from './bench/seed.js';
import {TmuxServer, terminalEnvironment} from './bench/tmux.js';

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Runs one measurement; a crash becomes an ERROR line instead of ending the bench. */
async function line(what: string, measure: () => Promise<BenchLine>): Promise<BenchLine> {
	progress(what);
	const started = performance.now();
	try {
		return await measure();
	} catch (error) {
		return {what, measured: '—', target: '—', pass: undefined, detail: error instanceof Error ? error.message.split('\n')[0]!.slice(0, 300) : String(error)};
	} finally {
		progress(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
	}
}

async function main(): Promise<void> {
	const benchStarted = performance.now();
	const cli = path.resolve(process.env.TOKENTOP_BENCH_CLI ?? path.join(repoRoot, 'dist', 'cli.js'));
	if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first (npm run bench does)`);
	const header = machineLines();
	for (const text of header) process.stdout.write(`${text}\n`);

	const workDir = mkdtempSync(path.join(tmpdir(), 'tokentop-bench-'));
	const tmux = new TmuxServer(workDir);
	const zettelstore = await startZettelstoreStandIn({loginDelayMs: 0, tokenLifetimeMinutes: 60});
	const bluesky = await startBlueskyStandIn({loginDelayMs: 0});
	const context: BenchContext = {node: process.execPath, cli, workDir, tmux, env: terminalEnvironment()};
	const lines: BenchLine[] = [];
	try {
		progress('seeding stores, bundling helpers');
		const template = await zettelstoreTemplate(zettelstore);
		const seed = (count: number) => {
			const dir = newStoreDir(workDir, `seed-${count}`);
			const accounts = zettelstoreAccounts(zettelstore, template, count);
			return {dir, accounts, bytes: writeStore(dir, accounts)};
		};
		const [store500, store1000, store10000] = [seed(500), seed(1000), seed(10_000)];
		const [probe, gotLoop] = await Promise.all([bundleHelper('keypress-probe.tsx'), bundleHelper('got-loop.ts')]);
		// Refresh-all: a mixed set, 500 of each service. Bluesky refresh tokens rotate, but every run
		// starts from the same seed and the stand-in (like the PDS) hands out the same successor
		// for a reused token within its grace period, so each run makes the same 1000 requests.
		const mixed = [...zettelstoreAccounts(zettelstore, template, 500, 'zsr'), ...(await blueskyAccounts(bluesky, 500))];
		const refreshSetup = refreshSetupOf(workDir, mixed, '1000 (500 Bluesky + 500 Zettelstore)');
		// OAuth has no grace: each run of either side refreshes 200 sessions signed in just before it.
		const oauthUsers = createStandInUsers(bluesky, 200, 'oauth');
		const oauthSetup = async () => refreshSetupOf(workDir, await blueskyOAuthAccounts(bluesky, oauthUsers), '200 Bluesky OAuth');
		const [fetchAccount] = await blueskyOAuthAccounts(bluesky, oauthUsers.slice(0, 1), 'fetch');
		const fetchStore = newStoreDir(workDir, 'seed-fetch');
		writeStore(fetchStore, [fetchAccount!]);
		const probeAccount = store500.accounts[250]!;

		lines.push(await line('first full frame (500 accounts)', () => measureFirstFrame(context, store500.dir, 500, 5)));
		const tokenCommand: OneShotCommand = {
			what: '`tokentop token NAME`, token still valid',
			args: ['token', probeAccount.name],
			check: stdout => {
				if (stdout.trim() !== probeAccount.token) throw new Error(`tokentop token ${probeAccount.name} printed something else than the stored token`);
			},
		};
		lines.push(await line('tokentop token NAME', () => measureOneShotCommand(context, store500.dir, tokenCommand, 15)));
		const fetchCommand: OneShotCommand = {
			what: '`tokentop fetch NAME /xrpc/com.atproto.server.getSession`, OAuth token still valid',
			args: ['fetch', fetchAccount!.name, '/xrpc/com.atproto.server.getSession'],
			check: stdout => {
				if (!stdout.includes(fetchAccount!.did)) throw new Error(`tokentop fetch printed no session of ${fetchAccount!.did}: ${stdout.slice(0, 200)}`);
			},
		};
		lines.push(await line('tokentop fetch NAME (OAuth)', () => measureOneShotCommand(context, fetchStore, fetchCommand, 15)));
		lines.push(await line('idle CPU (1000 accounts, 30 s)', () => measureIdleCpu(context, store1000.dir, 1000, 30)));
		lines.push(await line('peak RSS (10000 accounts)', () => measurePeakRss(context, store10000.dir, 10_000)));
		lines.push(await line('key press ↓ (10000 accounts)', () => measureKeyPress(context, probe, store10000.dir, 10_000, 150)));
		lines.push(await line('refresh --all (1000 mixed accounts)', () => measureRefreshAll(context, gotLoop, async () => refreshSetup, 2)));
		lines.push(await line('bytes written by refresh --all', () => measureRefreshWrites(context, refreshSetup)));
		lines.push(await line('refresh --all (200 Bluesky OAuth accounts)', () => measureRefreshAll(context, gotLoop, oauthSetup, 3)));
		// One run gives two lines: CPU, and the peak RSS (added once the run succeeded).
		let keepAliveRss: BenchLine | undefined;
		lines.push(
			await line('keep-alive (1000 accounts, 60 s)', async () => {
				const [cpu, rss] = await measureKeepAlive(context, copyStore(store1000.dir, workDir), 1000, 60);
				keepAliveRss = rss;
				return cpu!;
			}),
		);
		if (keepAliveRss) lines.push(keepAliveRss);
	} finally {
		tmux.stop();
		await Promise.all([zettelstore.close(), bluesky.close()]);
		rmSync(workDir, {recursive: true, force: true});
	}
	const failed = lines.filter(entry => entry.pass !== true).length;
	process.stdout.write(`\n${plainTable(lines)}\n\n`);
	process.stdout.write(`${failed === 0 ? 'all lines pass' : `FAIL: ${failed} of ${lines.length} lines miss their target`} (bench took ${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n\n`);
	process.stdout.write(`Measured ${header.map(text => text.replace(/^\w+: /, '')).join(', ')}:\n\n${markdownTable(lines)}\n`);
}

main().then(
	() => {
		process.exitCode = 0;
	},
	(error: unknown) => {
		// Not a failing line but a bench that could not run (no build, no tmux): say so in the code.
		process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 1;
	},
);
