/**
 * Reliability harness shared by `scripts/kill-test.ts` and `test/reliability/*`: a fleet of
 * accounts on local stand-in servers in a throw-away config folder, the built binary run
 * against it (and SIGKILLed at random moments), and a check after every run that asks the
 * servers — not the file — whether every stored credential still works.
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {Account, ZettelstoreAccount} from '../../source/services/account.js';
import {zettelstoreAccountFromAnswer} from '../../source/services/credentials.js';
import {TokenStore} from '../../source/services/store.js';
import * as zettelstore from '../../source/services/zettelstore.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {cliPath as builtCliPath} from './cli.js';

export type FleetService = 'zettelstore' | 'bluesky';

/** A seeded PRNG (mulberry32): the same seed gives the same kill moments. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

// --- Running the binary ---

export interface CliExit {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	/** Wall time from spawn to exit. */
	ms: number;
}

export interface CliRun {
	pid: number;
	done: Promise<CliExit>;
	/** True once the process has exited (by itself or killed). */
	readonly exited: boolean;
	kill(): void;
}

export interface CliOptions {
	configDir: string;
	/** The binary; default dist/cli.js (the built one, as users run it). */
	cli?: string;
	/** A run still going after this long is killed and reported as hung. Default 60 s. */
	hardLimitMs?: number;
}

/** Message a lock wait that ran out prints (file-lock.ts LockTimeoutError). */
export const lockTimeoutPattern = /Another tokentop process holds|gave up after/;

export function startCli(args: string[], options: CliOptions): CliRun {
	const started = performance.now();
	const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [options.cli ?? builtCliPath, '--config-dir', options.configDir, ...args], {
		env: {...process.env, NO_COLOR: '1', TOKENTOP_HTTP_TIMEOUT_MS: '10000'},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	child.stdin.end();
	let stdout = '';
	let stderr = '';
	let exited = false;
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const done = new Promise<CliExit>((resolve, reject) => {
		const limit = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`tokentop ${args.join(' ')} hung for ${options.hardLimitMs ?? 60_000} ms; stderr: ${stderr.slice(0, 500)}`));
		}, options.hardLimitMs ?? 60_000);
		child.on('error', error => {
			clearTimeout(limit);
			reject(error);
		});
		child.on('close', (code, signal) => {
			exited = true;
			clearTimeout(limit);
			resolve({code, signal, stdout, stderr, ms: performance.now() - started});
		});
	});
	return {
		pid: child.pid ?? -1,
		done,
		get exited() {
			return exited;
		},
		kill() {
			if (!exited) child.kill('SIGKILL');
		},
	};
}

export async function runCliToEnd(args: string[], options: CliOptions): Promise<CliExit> {
	return startCli(args, options).done;
}

// --- The fleet: servers, accounts, and the check against the servers ---

export interface Verdict {
	ok: boolean;
	/** Why not, one line, no secret. */
	reason?: string;
}

interface ServiceBackend {
	service: FleetService;
	/** Logs `count` accounts in; returns them ready to store. */
	login(count: number, prefix: string): Promise<Account[]>;
	/** Asks the server whether the stored credential still works. */
	verify(account: Account): Promise<Verdict>;
	/** Called between runs (no tokentop running): e.g. moves a server clock. */
	beforeRound(round: number): void;
	close(): Promise<void>;
}

export interface FleetOptions {
	/** Total accounts, split evenly over the services. Default 50. */
	accounts?: number;
	/** Default: every service available in this checkout. */
	services?: FleetService[];
}

export interface CheckResult {
	/** Accounts that were checked against their server. */
	checked: number;
	/** Accounts whose stored credential the server refused, or that vanished or were marked needs-login. */
	lost: string[];
	/** An account's revision went down since the previous check: an older session overwrote a newer one. */
	regressions: string[];
	/** The config could not be read at all. */
	unreadable?: string;
}

export class Fleet {
	/** Last revision seen per account id, to catch a newer session overwritten by an older one. */
	private readonly revisions = new Map<string, number>();

	private constructor(
		readonly dir: string,
		readonly accounts: Account[],
		private readonly backends: ServiceBackend[],
	) {
		for (const account of accounts) this.revisions.set(account.id, account.revision);
	}

	static async start(options: FleetOptions = {}): Promise<Fleet> {
		const total = options.accounts ?? 50;
		const services = options.services ?? (await availableServices());
		const dir = mkdtempSync(path.join(tmpdir(), 'tokentop-reliability-'));
		const backends: ServiceBackend[] = [];
		try {
			const accounts: Account[] = [];
			for (const [index, service] of services.entries()) {
				const backend = service === 'zettelstore' ? await zettelstoreBackend() : await blueskyBackend();
				backends.push(backend);
				// Split evenly; the first services take the remainder.
				const count = Math.floor(total / services.length) + (index < total % services.length ? 1 : 0);
				accounts.push(...(await backend.login(count, service === 'zettelstore' ? 'zs' : 'bsky')));
			}
			const store = TokenStore.open({dir});
			await store.update(() => accounts);
			return new Fleet(dir, accounts, backends);
		} catch (error) {
			await Promise.all(backends.map(backend => backend.close()));
			rmSync(dir, {recursive: true, force: true});
			throw error;
		}
	}

	get services(): FleetService[] {
		return this.backends.map(backend => backend.service);
	}

	beforeRound(round: number): void {
		for (const backend of this.backends) backend.beforeRound(round);
	}

	/** The store as a fresh process would read it. Throws when it cannot. */
	read(): Account[] {
		return TokenStore.open({dir: this.dir}).read();
	}

	/**
	 * The check after every run: the config parses, every account is still there, usable,
	 * its revision never went down, and its server accepts the stored credential.
	 */
	async check(): Promise<CheckResult> {
		let stored: Account[];
		try {
			stored = this.read();
		} catch (error) {
			return {checked: 0, lost: this.accounts.map(account => account.name), regressions: [], unreadable: (error as Error).message};
		}
		const byId = new Map(stored.map(account => [account.id, account]));
		const lost: string[] = [];
		const regressions: string[] = [];
		let checked = 0;
		await Promise.all(
			this.accounts.map(async original => {
				const account = byId.get(original.id);
				checked++;
				if (!account) {
					lost.push(`${original.name}: gone from the store`);
					return;
				}
				const before = this.revisions.get(account.id) ?? 0;
				if (account.revision < before) regressions.push(`${account.name}: revision ${before} → ${account.revision}`);
				this.revisions.set(account.id, Math.max(before, account.revision));
				if (account.status === 'needs-login') {
					lost.push(`${account.name}: marked needs-login (${account.statusMessage ?? 'no message'})`);
					return;
				}
				const backend = this.backends.find(candidate => candidate.service === account.service);
				const verdict = backend ? await backend.verify(account) : {ok: false, reason: 'no server for this service'};
				if (!verdict.ok) lost.push(`${account.name}: ${verdict.reason ?? 'refused'}`);
			}),
		);
		return {checked, lost: lost.sort(), regressions};
	}

	/** Lock directories and temp files left in the config folder (by a killed process). */
	leftovers(): Leftovers {
		return findLeftovers(this.dir);
	}

	async close(): Promise<void> {
		await Promise.all(this.backends.map(backend => backend.close()));
		rmSync(this.dir, {recursive: true, force: true});
	}
}

export interface Leftovers {
	/** Lock directories whose owner file names a process that no longer runs. */
	deadOwner: string[];
	/** Lock directories without a readable owner line (killed between mkdir and writing it). */
	noOwner: string[];
	/** Lock directories held by a live process (should be none between runs). */
	liveOwner: string[];
	/** `*.break` guards of file-lock.ts. */
	breakers: string[];
	/** Temp files of atomic rewrites (e.g. config.json.tmp-…). */
	tempFiles: string[];
}

export function findLeftovers(dir: string): Leftovers {
	const leftovers: Leftovers = {deadOwner: [], noOwner: [], liveOwner: [], breakers: [], tempFiles: []};
	const candidates = [...listDir(dir).map(name => path.join(dir, name)), ...listDir(path.join(dir, 'locks')).map(name => path.join(dir, 'locks', name))];
	for (const file of candidates) {
		const name = path.basename(file);
		if (name.endsWith('.break')) leftovers.breakers.push(name);
		else if (name.endsWith('.lock')) {
			let owner = '';
			try {
				owner = readFileSync(path.join(file, 'owner'), 'utf8');
			} catch {
				// no owner file
			}
			const pid = Number(owner.split(' ')[0]);
			if (!/^\d+ \S+$/.test(owner) || !Number.isInteger(pid) || pid <= 0) leftovers.noOwner.push(name);
			else if (processExists(pid)) leftovers.liveOwner.push(name);
			else leftovers.deadOwner.push(name);
		} else if (/\.tmp/.test(name) && statSync(file, {throwIfNoEntry: false})?.isFile()) leftovers.tempFiles.push(name);
	}
	return leftovers;
}

function listDir(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

export function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The services this checkout can run: Bluesky once its client and stand-in exist. */
export async function availableServices(): Promise<FleetService[]> {
	try {
		await import(blueskyStandInModule);
		await import(blueskyClientModule);
		return ['zettelstore', 'bluesky'];
	} catch {
		return ['zettelstore'];
	}
}

// --- Zettelstore ---

/**
 * One stand-in, one user per account. Token life 1 h; between runs the server clock steps
 * through +0 s, +1000 s, +2000 s, so a renewal often finds a token past the first quarter of its
 * life and hands out a new one (a young token comes back unchanged). No stored token can expire
 * during a test of less than ~25 minutes; the old token is not revoked by a renewal anyway.
 */
async function zettelstoreBackend(): Promise<ServiceBackend> {
	const server: ZettelstoreStandIn = await startZettelstoreStandIn({users: {}, loginDelayMs: 0, tokenLifetimeSeconds: 3600, secret: 'reliability'});
	const password = (user: string) => `pw-${user}`;
	return {
		service: 'zettelstore',
		async login(count, prefix) {
			const accounts: Account[] = [];
			for (let index = 0; index < count; index++) {
				const user = `user${String(index).padStart(2, '0')}`;
				server.setUser(user, password(user));
				const answer = await zettelstore.authenticate(server.url, user, password(user));
				accounts.push(zettelstoreAccountFromAnswer(answer, {name: `${prefix}-${String(index).padStart(2, '0')}`, url: server.url, user, passwordMemory: 'none'}));
			}
			return accounts;
		},
		async verify(account) {
			const {token} = account as ZettelstoreAccount;
			// PUT /a: 200 = accepted (a renewal revokes nothing, so asking is harmless).
			const response = await fetch(`${server.url}/a`, {method: 'PUT', headers: {authorization: `Bearer ${token}`}});
			await response.text();
			return response.status === 200 ? {ok: true} : {ok: false, reason: `Zettelstore PUT /a answered ${response.status}`};
		},
		beforeRound(round) {
			server.setClockOffset((round % 3) * 1_000_000);
		},
		close: () => server.close(),
	};
}

// --- Bluesky ---

const blueskyStandInModule = '../../source/standins/bluesky-server.js';
const blueskyClientModule = '../../source/services/bluesky.js';

async function blueskyBackend(): Promise<ServiceBackend> {
	throw new Error('The Bluesky stand-in (source/standins/bluesky-server.ts) is not there yet');
}

// --- The kill test ---

export interface KillTestOptions {
	/** SIGKILLs to deliver. */
	kills: number;
	accounts?: number;
	services?: FleetService[];
	seed?: number;
	cli?: string;
	/** A full, uncut run every this many kills (and at the end) must finish promptly. Default 10. */
	recoveryEvery?: number;
	/** Progress lines. */
	log?: (line: string) => void;
}

export interface KillReport {
	seed: number;
	services: FleetService[];
	accounts: number;
	/** Median duration of an uncut `refresh --all` over the fleet, measured first. */
	fullRunMs: number;
	kills: number;
	/** Runs that ended before their kill moment (checked like the others, not counted as kills). */
	finishedBeforeKill: number;
	/** Kill moments as a fraction of fullRunMs: min, quartiles, max (how spread they were). */
	killSpread: number[];
	accountsChecked: number;
	lost: number;
	lostDetails: string[];
	regressions: string[];
	unreadableConfigs: number;
	/** Lock directories found after kills (held by the killed process), by kind. */
	staleLocks: {deadOwner: number; noOwner: number; breakers: number};
	tempFilesLeft: number;
	/** Runs that printed a lock-timeout error. */
	lockTimeouts: number;
	recoveryRuns: number;
	/** Uncut runs after kills that failed (exit ≠ 0) or took longer than allowed. */
	recoveryFailures: string[];
	slowestRecoveryMs: number;
	/** Runs (cut or not) that exited with an error code by themselves. */
	runErrors: string[];
	wallMs: number;
}

/** Longest an uncut run after kills may take: a stale lock must be broken, never waited out. */
export function recoveryBudgetMs(fullRunMs: number): number {
	return Math.max(3 * fullRunMs, fullRunMs + 2500);
}

export async function runKillTest(options: KillTestOptions): Promise<KillReport> {
	const wallStart = performance.now();
	const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
	const random = seededRandom(seed);
	const log = options.log ?? (() => {});
	const recoveryEvery = options.recoveryEvery ?? 10;
	const fleet = await Fleet.start({accounts: options.accounts, services: options.services});
	const cli = {configDir: fleet.dir, cli: options.cli};
	const refreshAll = ['refresh', '--all'];
	const report: KillReport = {
		seed,
		services: fleet.services,
		accounts: fleet.accounts.length,
		fullRunMs: 0,
		kills: 0,
		finishedBeforeKill: 0,
		killSpread: [],
		accountsChecked: 0,
		lost: 0,
		lostDetails: [],
		regressions: [],
		unreadableConfigs: 0,
		staleLocks: {deadOwner: 0, noOwner: 0, breakers: 0},
		tempFilesLeft: 0,
		lockTimeouts: 0,
		recoveryRuns: 0,
		recoveryFailures: [],
		slowestRecoveryMs: 0,
		runErrors: [],
		wallMs: 0,
	};
	const killFractions: number[] = [];
	const noteCheck = (check: CheckResult, label: string) => {
		report.accountsChecked += check.checked;
		report.lost += check.lost.length;
		if (check.unreadable) report.unreadableConfigs++;
		for (const detail of check.lost) if (report.lostDetails.length < 20) report.lostDetails.push(`${label}: ${detail}`);
		for (const detail of check.regressions) if (report.regressions.length < 20) report.regressions.push(`${label}: ${detail}`);
	};
	const noteExit = (exit: CliExit, label: string) => {
		if (lockTimeoutPattern.test(exit.stderr)) report.lockTimeouts++;
		if (exit.signal === null && exit.code !== 0 && report.runErrors.length < 20) report.runErrors.push(`${label}: exit ${exit.code}: ${firstLine(exit.stderr)}`);
	};
	const uncutRun = async (label: string) => {
		const exit = await runCliToEnd(refreshAll, cli);
		noteExit(exit, label);
		const refreshedLines = exit.stdout.split('\n').filter(text => text.includes(': refreshed')).length;
		return {exit, refreshedLines};
	};

	try {
		// A full run's duration first (median of three), so kill moments cover the whole run.
		const durations: number[] = [];
		for (let index = 0; index < 3; index++) {
			fleet.beforeRound(index);
			const {exit, refreshedLines} = await uncutRun(`measure ${index + 1}`);
			if (exit.code !== 0 || refreshedLines !== fleet.accounts.length) {
				throw new Error(`An uncut refresh --all failed before any kill (exit ${exit.code}, ${refreshedLines} of ${fleet.accounts.length} refreshed): ${firstLine(exit.stderr)}`);
			}
			durations.push(exit.ms);
			noteCheck(await fleet.check(), `measure ${index + 1}`);
		}
		report.fullRunMs = durations.sort((a, b) => a - b)[1]!;
		log(`full run: ${Math.round(report.fullRunMs)} ms over ${fleet.accounts.length} accounts (${fleet.services.join(', ')}); seed ${seed}`);

		const recovery = async (label: string) => {
			const {exit, refreshedLines} = await uncutRun(label);
			report.recoveryRuns++;
			report.slowestRecoveryMs = Math.max(report.slowestRecoveryMs, exit.ms);
			const budget = recoveryBudgetMs(report.fullRunMs);
			if (exit.code !== 0 || refreshedLines !== fleet.accounts.length) {
				report.recoveryFailures.push(`${label}: exit ${exit.code}, ${refreshedLines}/${fleet.accounts.length} refreshed: ${firstLine(exit.stderr)}`);
			} else if (exit.ms > budget) {
				report.recoveryFailures.push(`${label}: took ${Math.round(exit.ms)} ms (budget ${Math.round(budget)} ms): waited for a stale lock?`);
			}
			noteCheck(await fleet.check(), label);
		};

		let round = 0;
		const maxRounds = options.kills * 2 + 10;
		while (report.kills < options.kills && round < maxRounds) {
			round++;
			fleet.beforeRound(round);
			const killAt = random() * report.fullRunMs;
			const run = startCli(refreshAll, cli);
			const ended = await Promise.race([run.done.then(() => true), delay(killAt).then(() => false)]);
			if (ended || run.exited) report.finishedBeforeKill++;
			else {
				run.kill();
				report.kills++;
				killFractions.push(killAt / report.fullRunMs);
			}
			const exit = await run.done;
			noteExit(exit, `round ${round}`);
			const leftovers = fleet.leftovers();
			report.staleLocks.deadOwner += leftovers.deadOwner.length;
			report.staleLocks.noOwner += leftovers.noOwner.length;
			report.staleLocks.breakers += leftovers.breakers.length;
			report.tempFilesLeft = leftovers.tempFiles.length;
			if (leftovers.liveOwner.length > 0) report.runErrors.push(`round ${round}: lock held by a live process after the kill: ${leftovers.liveOwner.join(', ')}`);
			const check = await fleet.check();
			noteCheck(check, `round ${round} (kill at ${Math.round(killAt)} ms)`);
			if (round % 20 === 0 || check.lost.length > 0) {
				log(`round ${round}: kills ${report.kills}, accounts checked ${report.accountsChecked}, lost ${report.lost}`);
			}
			if (report.kills > 0 && report.kills % recoveryEvery === 0 && !ended) await recovery(`recovery after kill ${report.kills}`);
		}
		if (report.kills < options.kills) report.runErrors.push(`only ${report.kills} of ${options.kills} kills landed in ${round} rounds`);
		// The last word: an uncut run over whatever the last kill left behind.
		if (report.kills % recoveryEvery !== 0) await recovery('final recovery');
		report.killSpread = spread(killFractions);
	} finally {
		await fleet.close();
		report.wallMs = performance.now() - wallStart;
	}
	return report;
}

/** True when the report shows nothing lost, nothing broken, no lock waited out. */
export function killReportPassed(report: KillReport): boolean {
	return (
		report.lost === 0 &&
		report.regressions.length === 0 &&
		report.unreadableConfigs === 0 &&
		report.lockTimeouts === 0 &&
		report.recoveryFailures.length === 0 &&
		report.runErrors.length === 0
	);
}

export function formatKillReport(report: KillReport): string {
	const lines = [
		`kills: ${report.kills}, accounts checked: ${report.accountsChecked}, lost: ${report.lost}`,
		`services: ${report.services.join(', ')}; accounts: ${report.accounts}; seed: ${report.seed}`,
		`full run: ${Math.round(report.fullRunMs)} ms; kill moments as a fraction of a full run (min/q1/median/q3/max): ${report.killSpread.map(value => value.toFixed(2)).join(' / ')}; runs finished before their kill: ${report.finishedBeforeKill}`,
		`regressions (older session over newer): ${report.regressions.length}; unreadable configs: ${report.unreadableConfigs}`,
		`stale locks found after kills: ${report.staleLocks.deadOwner} with a dead owner, ${report.staleLocks.noOwner} without an owner line, ${report.staleLocks.breakers} break guards; temp files left: ${report.tempFilesLeft}`,
		`lock timeouts: ${report.lockTimeouts}; recovery runs: ${report.recoveryRuns}, slowest ${Math.round(report.slowestRecoveryMs)} ms (budget ${Math.round(recoveryBudgetMs(report.fullRunMs))} ms), failed: ${report.recoveryFailures.length}`,
		`wall time: ${(report.wallMs / 1000).toFixed(1)} s`,
	];
	for (const detail of [...report.lostDetails, ...report.regressions, ...report.recoveryFailures, ...report.runErrors]) lines.push(`  ! ${detail}`);
	return lines.join('\n');
}

function spread(values: number[]): number[] {
	if (values.length === 0) return [];
	const sorted = [...values].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
	return [sorted[0]!, at(0.25), at(0.5), at(0.75), sorted[sorted.length - 1]!];
}

function firstLine(text: string): string {
	return text.split('\n').find(line => line.trim() !== '')?.slice(0, 200) ?? '';
}
