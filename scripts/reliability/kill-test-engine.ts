/**
 * The kill test's engine (run by `npm run test:kill` and, shorter, by test/reliability/kill.test.ts):
 * `tokentop refresh --all`, the built binary, over a fleet of accounts on local stand-ins,
 * SIGKILLed at uniformly random moments of a full run. After every kill the config must parse
 * and every stored credential must still be accepted by its server.
 */
import {type CheckResult, Fleet} from './fleet.js';
import type {FleetService} from './backend.js';
import {endsWithin, lockTimeoutPattern, runCliWithin, snapshotCli, startCli} from './cli-runs.js';
import {seededRandom} from './seeded-random.js';

export interface KillTestOptions {
	/** SIGKILLs to deliver. */
	kills: number;
	accounts?: number;
	services?: FleetService[];
	seed?: number;
	cli?: string;
	/** Uncut runs timed first; the median is the full-run duration kill moments are drawn from. Default 5. */
	measureRuns?: number;
	/** An uncut run every this many kills (and one at the end) must finish, promptly and completely. Default 10. */
	recoveryEvery?: number;
	/** Progress lines. */
	log?: (line: string) => void;
}

export interface KillReport {
	seed: number;
	services: FleetService[];
	accounts: number;
	/** Median duration of an uncut `refresh --all` over the fleet: measured first, then kept up to date with every run that ended by itself. */
	fullRunMs: number;
	kills: number;
	/** Kills that landed after the run's first request to a server (the rest hit start-up). */
	killsDuringWork: number;
	/** Runs that ended before their kill moment (checked like the others, not counted as kills). */
	finishedBeforeKill: number;
	/** Kill moments as a fraction of fullRunMs: min, quartiles, max (how spread they were). */
	killSpread: number[];
	accountsChecked: number;
	lost: number;
	lostDetails: string[];
	/** An older session overwrote a newer one: a revision went down, or an uncut run reported an account refreshed yet left a token the server had rotated. */
	regressions: string[];
	unreadableConfigs: number;
	/** Bluesky accounts found, right after a kill, holding a refresh token the server had rotated already (summed over kills; max in one round). */
	inGraceAfterKills: {total: number; maxInRound: number};
	/** The last check, with a real refreshSession per Bluesky account (uses the tokens up). */
	finalServerCheck: {checked: number; lost: string[]};
	/** Lock directories found right after kills (left by the killed process), by kind, summed over kills. */
	staleLocks: {deadOwner: number; noOwner: number; emptyOwner: number; breakers: number};
	/** Temp files of atomic rewrites in the config folder at the end (they accumulate: nothing removes them). */
	tempFilesLeft: number;
	/** Runs that printed a lock-timeout error. */
	lockTimeouts: number;
	/** Uncut runs after kills: how many, the slowest, and those that failed or were slow. */
	recovery: {runs: number; slowestMs: number; failures: string[]};
	/** Cut runs that ended by themselves with an error before their kill moment. */
	runErrors: string[];
	wallMs: number;
}

/**
 * Longest an uncut run after kills may take: a lock left by a dead holder must be broken at once,
 * an ownerless one after file-lock.ts's 2 s — never waited out (the lock timeout is 20 s).
 */
export function recoveryBudgetMs(fullRunMs: number): number {
	return Math.max(3 * fullRunMs, fullRunMs + 5000);
}

export async function runKillTest(options: KillTestOptions): Promise<KillReport> {
	const wallStart = performance.now();
	const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
	const random = seededRandom(seed);
	const log = options.log ?? (() => {});
	const recoveryEvery = options.recoveryEvery ?? 10;
	const binary = snapshotCli(options.cli);
	const fleet = await Fleet.start({accounts: options.accounts, services: options.services});
	const cli = {configDir: fleet.dir, cli: binary.cli};
	const refreshAll = ['refresh', '--all'];
	const report: KillReport = {
		seed,
		services: fleet.services,
		accounts: fleet.accounts.length,
		fullRunMs: 0,
		kills: 0,
		killsDuringWork: 0,
		finishedBeforeKill: 0,
		killSpread: [],
		accountsChecked: 0,
		lost: 0,
		lostDetails: [],
		regressions: [],
		unreadableConfigs: 0,
		inGraceAfterKills: {total: 0, maxInRound: 0},
		finalServerCheck: {checked: 0, lost: []},
		staleLocks: {deadOwner: 0, noOwner: 0, emptyOwner: 0, breakers: 0},
		tempFilesLeft: 0,
		lockTimeouts: 0,
		recovery: {runs: 0, slowestMs: 0, failures: []},
		runErrors: [],
		wallMs: 0,
	};
	const killFractions: number[] = [];
	let round = 0;
	/** Durations of runs that ended by themselves: the full-run estimate follows the machine's load. */
	const durations: number[] = [];
	const noteDuration = (ms: number) => {
		durations.push(ms);
		const sorted = [...durations].sort((a, b) => a - b);
		report.fullRunMs = sorted[Math.floor(sorted.length / 2)]!;
	};

	/** The check after every run; `refreshed` are the accounts an uncut run reported refreshed. */
	const check = async (label: string, refreshed?: Set<string>): Promise<CheckResult> => {
		const result = await fleet.check();
		report.accountsChecked += result.checked;
		report.lost += result.lost.length;
		if (result.unreadable) report.unreadableConfigs++;
		for (const detail of result.lost) if (report.lostDetails.length < 20) report.lostDetails.push(`${label}: ${detail}`);
		const stale = refreshed ? result.inGrace.filter(name => refreshed.has(name)) : [];
		const regressions = [...result.regressions, ...stale.map(name => `${name}: reported refreshed, yet the stored refresh token is one the server had rotated`)];
		for (const detail of regressions) if (report.regressions.length < 20) report.regressions.push(`${label}: ${detail}`);
		return result;
	};
	const uncutRun = async (label: string, limitMs = 60_000) => {
		fleet.beforeRound(++round);
		const exit = await runCliWithin(refreshAll, cli, limitMs);
		if (lockTimeoutPattern.test(exit.stderr)) report.lockTimeouts++;
		const refreshed = new Set(exit.stdout.split('\n').flatMap(text => /^(.+): refreshed/.exec(text)?.[1] ?? []));
		await check(label, refreshed);
		return {exit, refreshed};
	};
	const recovery = async (label: string) => {
		const budget = recoveryBudgetMs(report.fullRunMs);
		// Cut off at twice the budget: enough to tell "slow" from "stuck", without waiting out a 20 s lock timeout.
		const {exit, refreshed} = await uncutRun(label, 2 * budget);
		report.recovery.runs++;
		report.recovery.slowestMs = Math.max(report.recovery.slowestMs, exit.ms);
		if (!exit.timedOut && exit.code === 0) noteDuration(exit.ms);
		if (exit.timedOut) {
			report.recovery.failures.push(`${label}: still running after ${Math.round(exit.ms)} ms (budget ${Math.round(budget)} ms), killed; ${refreshed.size}/${fleet.accounts.length} refreshed: stuck on a lock left by a kill?`);
		} else if (exit.code !== 0 || refreshed.size !== fleet.accounts.length) {
			report.recovery.failures.push(`${label}: exit ${exit.code}, ${refreshed.size}/${fleet.accounts.length} refreshed, ${Math.round(exit.ms)} ms: ${firstLine(exit.stderr)}`);
		} else if (exit.ms > budget) {
			report.recovery.failures.push(`${label}: took ${Math.round(exit.ms)} ms (budget ${Math.round(budget)} ms): waited for a stale lock?`);
		}
	};

	try {
		// A full run's duration first, so that kill moments cover the whole run.
		for (let index = 0; index < (options.measureRuns ?? 5); index++) {
			const {exit, refreshed} = await uncutRun(`measure ${index + 1}`);
			if (exit.code !== 0 || refreshed.size !== fleet.accounts.length) {
				throw new Error(`An uncut refresh --all failed before any kill (exit ${exit.code}, ${refreshed.size} of ${fleet.accounts.length} refreshed): ${firstLine(exit.stderr)}`);
			}
			noteDuration(exit.ms);
		}
		log(`full run (first estimate): ${Math.round(report.fullRunMs)} ms over ${fleet.accounts.length} accounts (${fleet.services.join(', ')}); seed ${seed}`);

		const maxRounds = options.kills * 3 + 10;
		let killRounds = 0;
		while (report.kills < options.kills && killRounds < maxRounds) {
			killRounds++;
			fleet.beforeRound(++round);
			const requestsBefore = fleet.serverRequests();
			const killAt = random() * report.fullRunMs;
			const run = startCli(refreshAll, cli);
			const ended = await endsWithin(run, killAt);
			const killed = !ended && !run.exited;
			if (killed) {
				run.kill();
				report.kills++;
				killFractions.push(killAt / report.fullRunMs);
			} else report.finishedBeforeKill++;
			const exit = await run.done;
			if (!killed && exit.code === 0) noteDuration(exit.ms);
			if (killed && fleet.serverRequests() > requestsBefore) report.killsDuringWork++;
			if (lockTimeoutPattern.test(exit.stderr)) report.lockTimeouts++;
			if (!killed && exit.code !== 0 && report.runErrors.length < 20) report.runErrors.push(`round ${killRounds}: exit ${exit.code}: ${firstLine(exit.stderr)}`);

			const leftovers = fleet.leftovers();
			report.staleLocks.deadOwner += leftovers.deadOwner.length;
			report.staleLocks.noOwner += leftovers.noOwner.length;
			report.staleLocks.emptyOwner += leftovers.emptyOwner.length;
			report.staleLocks.breakers += leftovers.breakers.length;
			if (leftovers.liveOwner.length > 0) report.runErrors.push(`round ${killRounds}: a lock held by a live process after the kill: ${leftovers.liveOwner.join(', ')}`);

			const result = await check(`round ${killRounds} (${killed ? `killed at ${Math.round(killAt)} ms` : 'not killed'})`);
			if (killed) {
				report.inGraceAfterKills.total += result.inGrace.length;
				report.inGraceAfterKills.maxInRound = Math.max(report.inGraceAfterKills.maxInRound, result.inGrace.length);
			}
			if (killRounds % 20 === 0 || result.lost.length > 0) log(`round ${killRounds}: kills ${report.kills}, accounts checked ${report.accountsChecked}, lost ${report.lost}`);
			if (killed && report.kills % recoveryEvery === 0) await recovery(`recovery after kill ${report.kills}`);
		}
		if (report.kills < options.kills) report.runErrors.push(`only ${report.kills} of ${options.kills} kills landed in ${killRounds} rounds`);
		// The last word on the file system: an uncut run over whatever the last kill left behind.
		if (report.kills % recoveryEvery !== 0) await recovery('final recovery');
		report.killSpread = spread(killFractions);
		report.tempFilesLeft = fleet.leftovers().tempFiles.length;
		// And the servers' own: every stored credential presented for real.
		const final = await fleet.check({consume: true});
		report.finalServerCheck = {checked: final.checked, lost: final.lost};
	} finally {
		await fleet.close();
		binary.remove();
		report.wallMs = performance.now() - wallStart;
	}
	return report;
}

/** Nothing lost, nothing unreadable, no older session over a newer one. */
export function killReportKeptEverything(report: KillReport): boolean {
	return (
		report.lost === 0 &&
		report.finalServerCheck.lost.length === 0 &&
		report.finalServerCheck.checked === report.accounts &&
		report.regressions.length === 0 &&
		report.unreadableConfigs === 0
	);
}

/** No run waited out a lock left by a killed process, every uncut run afterwards finished promptly. */
export function killReportRecoveredPromptly(report: KillReport): boolean {
	return report.lockTimeouts === 0 && report.recovery.failures.length === 0 && report.runErrors.length === 0;
}

export function killReportPassed(report: KillReport): boolean {
	return killReportKeptEverything(report) && killReportRecoveredPromptly(report);
}

export function formatKillReport(report: KillReport): string {
	const lines = [
		`kills: ${report.kills}, accounts checked: ${report.accountsChecked}, lost: ${report.lost}`,
		`services: ${report.services.join(', ')}; accounts: ${report.accounts}; seed: ${report.seed}; wall time: ${(report.wallMs / 1000).toFixed(1)} s`,
		`full run (median of the runs that ended by themselves): ${Math.round(report.fullRunMs)} ms; kill moments as a fraction of it (min/q1/median/q3/max): ${report.killSpread.map(value => value.toFixed(2)).join(' / ')}; kills after the first server request: ${report.killsDuringWork}; runs that finished before their kill moment: ${report.finishedBeforeKill}`,
		`final check by the servers themselves (Bluesky: a real refreshSession with each stored token): ${report.finalServerCheck.checked} checked, ${report.finalServerCheck.lost.length} refused`,
		`older session over a newer one: ${report.regressions.length}; unreadable configs: ${report.unreadableConfigs}`,
		`Bluesky refresh tokens already rotated by the server right after a kill (accepted only within the 2 h grace): ${report.inGraceAfterKills.total} in all, at most ${report.inGraceAfterKills.maxInRound} at once`,
		`locks left by kills: ${report.staleLocks.deadOwner} with a dead owner, ${report.staleLocks.noOwner} without an owner file, ${report.staleLocks.emptyOwner} with an empty owner file, ${report.staleLocks.breakers} break guards; temp files left: ${report.tempFilesLeft}`,
		`lock timeouts: ${report.lockTimeouts}; uncut runs after kills: ${report.recovery.runs}, slowest ${Math.round(report.recovery.slowestMs)} ms (budget ${Math.round(recoveryBudgetMs(report.fullRunMs))} ms), failed or slow: ${report.recovery.failures.length}`,
	];
	const details = [...report.lostDetails, ...report.finalServerCheck.lost.map(text => `final check: ${text}`), ...report.regressions, ...report.recovery.failures, ...report.runErrors];
	for (const detail of details) lines.push(`  ! ${detail}`);
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
