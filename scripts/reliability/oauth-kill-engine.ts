/**
 * SIGKILL during OAuth refreshes. OAuth has no grace: once the server has rotated a session's
 * refresh token, the old one is a replay that deletes the session. So a kill after a refresh
 * request left and before tokentop's fsync of the answer loses that session whenever the server
 * completes the rotation (it does so for a sender that is gone, too), whatever tokentop does;
 * this counts such losses and shows where in that window each kill fell.
 *
 * Each round: `tokentop refresh --all` (the built binary, tracing its refresh phases to a file
 * descriptor: refresh-trace.ts) over a fleet of OAuth accounts, SIGKILLed at a uniformly random
 * moment of the part of a full run that refreshes (first request sent to last fsync); then an
 * uncut `refresh --all` — the next refresh, which replays every lost session's old token (the
 * server counts "Refresh token replayed") and must refresh every other account. Lost accounts
 * are signed in again before the next round.
 */
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {Account} from '../../source/services/account.js';
import type {BlueskyOAuthAccount} from '../../source/services/bluesky-oauth/account.js';
import type {RefreshPhase} from '../../source/services/refresh-trace.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type CliOptions, endsWithin, runCliWithin, snapshotCli, startCli} from './cli-runs.js';
import {seededRandom} from './seeded-random.js';

/** The OAuth server behind the fleet, as the test sees it (the real PDS, in-process). */
export interface OAuthKillServer {
	/** Signs a new account in and stores it under `name`. */
	signIn(store: TokenStore, name: string): Promise<Account>;
	/** Every refresh-token rotation so far: the account's DID, and when the server committed and answered it (epoch ms with fractions). */
	rotations(): ReadonlyArray<{did: string; committedAt: number; answeredAt: number}>;
	/** Refreshes refused as "Refresh token replayed" so far. */
	replays(): number;
	/** Whether the server holds a session whose current refresh token is this one. */
	holdsSession(refreshToken: string): boolean;
	/** Token requests the server is still working on: it finishes those of a killed process too. */
	tokenRequestsInFlight(): number;
}

export interface OAuthKillOptions {
	kills: number;
	accounts: number;
	seed?: number;
	cli?: string;
	/** The kill moment's clock, the same as the server's rotations (epoch ms with fractions). */
	now: () => number;
	log?: (line: string) => void;
}

/** Where, in one refresh, the kill that lost a session fell. */
export type LossMoment =
	/** tokentop had read the answer and not yet fsync'd the new token set: its own part of the window. */
	| 'answer read, before fsync'
	/** The server had answered; the answer had not been read yet (on the wire, or in got). */
	| 'server answered, answer unread'
	/** The request was at the server, which finished the rotation for a process already gone. */
	| 'request at the server';

export interface OAuthLoss {
	round: number;
	account: string;
	moment: LossMoment;
	/** ms from the server's commit of the new refresh token to the kill (negative: the kill came first). */
	commitToKillMs: number;
}

export interface OAuthKillReport {
	seed: number;
	accounts: number;
	fullRunMs: number;
	/** When, after the spawn, an uncut run sends its first refresh and fsyncs its last (medians): kill moments are drawn between them. */
	refreshingMs: {from: number; to: number};
	kills: number;
	/** Kills that found at least one refresh sent and not yet fsync'd. */
	killsMidRefresh: number;
	/** Refreshes in flight at those kills (sent, not fsync'd), over all kills. */
	refreshesCut: number;
	sessionsLost: number;
	losses: OAuthLoss[];
	/** "Refresh token replayed" counted at the server during the whole test. */
	replaysAtServer: number;
	/** tokentop's own window in the uncut runs: from reading the server's answer to its fsync, ms (median, p95, max). */
	answerToFsyncMs: {median: number; p95: number; max: number; samples: number};
	/** What must never happen: a lost session whose kill was not in a refresh's window, replays not matching losses, failed uncut runs. */
	violations: string[];
	wallMs: number;
}

interface TraceLine {
	phase: RefreshPhase;
	id: string;
	at: number;
}

export async function runOAuthKillTest(server: OAuthKillServer, options: OAuthKillOptions): Promise<OAuthKillReport> {
	const wallStart = performance.now();
	const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
	const random = seededRandom(seed);
	const log = options.log ?? (() => {});
	const dir = mkdtempSync(path.join(tmpdir(), 'tokentop-oauth-kill-'));
	const binary = snapshotCli(options.cli);
	const store = TokenStore.open({dir});
	const report: OAuthKillReport = {
		seed,
		accounts: options.accounts,
		fullRunMs: 0,
		refreshingMs: {from: 0, to: 0},
		kills: 0,
		killsMidRefresh: 0,
		refreshesCut: 0,
		sessionsLost: 0,
		losses: [],
		replaysAtServer: 0,
		answerToFsyncMs: {median: 0, p95: 0, max: 0, samples: 0},
		violations: [],
		wallMs: 0,
	};
	const windows: number[] = [];
	const replaysBefore = server.replays();
	let traceCount = 0;
	/** A run with its phases traced to a file of its own. */
	const traced = async <T>(run: (cli: CliOptions) => Promise<T>): Promise<{result: T; trace: TraceLine[]}> => {
		const file = path.join(dir, `trace-${++traceCount}.txt`);
		const fd = openSync(file, 'w', 0o600);
		try {
			const result = await run({configDir: dir, cli: binary.cli, traceFd: fd});
			return {result, trace: parseTrace(readFileSync(file, 'utf8'))};
		} finally {
			closeSync(fd);
			rmSync(file, {force: true});
		}
	};
	/** The uncut run: every account refreshed, except the sessions in `lost`, each refused as a replay. */
	const uncutRun = async (label: string, lost: ReadonlySet<string> = new Set()) => {
		const replays = server.replays();
		const spawnedAt = options.now();
		const {result: exit, trace} = await traced(cli => runCliWithin(['refresh', '--all'], cli, 60_000));
		const phaseAt = (phase: RefreshPhase) => trace.filter(line => line.phase === phase).map(line => line.at - spawnedAt);
		await serverQuiet(server);
		windows.push(...answerToFsync(trace));
		const refreshed = exit.stdout.split('\n').filter(line => line.includes(': refreshed')).length;
		if (refreshed !== options.accounts - lost.size) report.violations.push(`${label}: ${refreshed} of ${options.accounts - lost.size} refreshed (exit ${exit.code}): ${exit.stderr.split('\n')[0]}`);
		if (server.replays() - replays !== lost.size) report.violations.push(`${label}: the server counted ${server.replays() - replays} replays, ${lost.size} sessions were lost`);
		for (const account of store.read()) {
			const replayed = account.status === 'needs-login' && /Refresh token replayed/.test(account.statusMessage ?? '');
			if (replayed !== lost.has(account.id)) report.violations.push(`${label}: ${account.name} ${replayed ? 'was refused as a replay without a loss' : `is ${account.status}: ${account.statusMessage ?? ''}`}`);
		}
		return {exit, refreshing: {from: Math.min(...phaseAt('sending')), to: Math.max(...phaseAt('persisted'))}};
	};

	try {
		for (let index = 0; index < options.accounts; index++) await server.signIn(store, `oauth-${String(index).padStart(2, '0')}`);
		const measured = [];
		for (let index = 0; index < 3; index++) measured.push(await uncutRun(`measure ${index + 1}`));
		const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
		report.fullRunMs = median(measured.map(run => run.exit.ms));
		// Start-up is not what this is about: the kills land while the run refreshes.
		report.refreshingMs = {from: median(measured.map(run => run.refreshing.from)), to: median(measured.map(run => run.refreshing.to))};
		const {from, to} = report.refreshingMs;
		log(`full run: ${Math.round(report.fullRunMs)} ms over ${options.accounts} OAuth accounts, refreshing from ${Math.round(from)} to ${Math.round(to)} ms; seed ${seed}`);

		for (let round = 1; report.kills < options.kills && round <= options.kills * 3; round++) {
			const rotationsBefore = server.rotations().length;
			const killAt = from + random() * (to - from);
			let killedAt: number | undefined;
			const {trace} = await traced(async cli => {
				const run = startCli(['refresh', '--all'], cli);
				if (!(await endsWithin(run, killAt)) && !run.exited) {
					killedAt = options.now();
					run.kill();
				}
				return run.done;
			});
			if (killedAt === undefined) {
				// It finished first: an uncut run like the others, nothing to learn about kills.
				continue;
			}
			report.kills++;
			// What the dead process sent may still be at the server, which completes it: judge only after.
			await serverQuiet(server);
			const inFlight = refreshesInFlight(trace);
			report.refreshesCut += inFlight.size;
			if (inFlight.size > 0) report.killsMidRefresh++;
			const rotations = server.rotations().slice(rotationsBefore);
			const lost = new Set<string>();
			for (const account of store.read() as BlueskyOAuthAccount[]) {
				if (server.holdsSession(account.tokens.refreshToken)) continue;
				lost.add(account.id);
				const loss = lossOf(round, account, inFlight.get(account.id), rotations, killedAt);
				if (typeof loss === 'string') report.violations.push(loss);
				else report.losses.push(loss);
			}
			report.sessionsLost += lost.size;
			if (lost.size > 0) log(`round ${round}: kill at ${Math.round(killAt)} ms cut ${inFlight.size} refreshes and lost ${lost.size} sessions`);
			await uncutRun(`the refresh after kill ${report.kills}`, lost);
			// Lost sessions are signed in again for the rounds to come.
			const gone = store.read().filter(account => lost.has(account.id));
			await store.update(accounts => accounts.filter(account => !lost.has(account.id)));
			for (const account of gone) await server.signIn(store, account.name);
		}
		if (report.kills < options.kills) report.violations.push(`only ${report.kills} of ${options.kills} kills landed`);
		report.replaysAtServer = server.replays() - replaysBefore;
		report.answerToFsyncMs = spreadOf(windows);
	} finally {
		binary.remove();
		rmSync(dir, {recursive: true, force: true});
		report.wallMs = performance.now() - wallStart;
	}
	return report;
}

/** Polls until the server has answered every token request it received (twice in a row, 20 ms apart). */
async function serverQuiet(server: OAuthKillServer): Promise<void> {
	const deadline = performance.now() + 10_000;
	let quietChecks = 0;
	while (quietChecks < 2) {
		if (performance.now() > deadline) throw new Error(`the server still works on ${server.tokenRequestsInFlight()} token requests after 10 s`);
		await delay(20);
		quietChecks = server.tokenRequestsInFlight() === 0 ? quietChecks + 1 : 0;
	}
}

/** The trace's lines; anything but a phase, an account id and a time (a secret, say) throws. */
function parseTrace(text: string): TraceLine[] {
	return text.split('\n').flatMap(line => {
		if (line === '') return [];
		const match = /^(sending|answered|persisted) ([0-9a-f]{16}) (\d+\.\d+)$/.exec(line);
		if (!match) throw new Error(`an unexpected line in the refresh trace (${line.length} characters)`);
		return [{phase: match[1] as RefreshPhase, id: match[2]!, at: Number(match[3])}];
	});
}

/** Per account whose refresh was sent and not fsync'd when the run ended: the phases it reached. */
function refreshesInFlight(trace: readonly TraceLine[]): Map<string, Set<RefreshPhase>> {
	const open = new Map<string, Set<RefreshPhase>>();
	for (const line of trace) {
		if (line.phase === 'sending') open.set(line.id, new Set(['sending']));
		else if (line.phase === 'persisted') open.delete(line.id);
		else open.get(line.id)?.add(line.phase);
	}
	return open;
}

function answerToFsync(trace: readonly TraceLine[]): number[] {
	const answered = new Map<string, number>();
	const windows: number[] = [];
	for (const line of trace) {
		if (line.phase === 'answered') answered.set(line.id, line.at);
		if (line.phase === 'persisted' && answered.has(line.id)) windows.push(line.at - answered.get(line.id)!);
	}
	return windows;
}

/** Where the kill fell for a lost session, or why it cannot be one tokentop's kill explains. */
function lossOf(round: number, account: BlueskyOAuthAccount, phases: Set<RefreshPhase> | undefined, rotations: ReturnType<OAuthKillServer['rotations']>, killedAt: number): OAuthLoss | string {
	const label = `round ${round}: ${account.name} lost its session`;
	if (phases === undefined) return `${label}, yet no refresh of it was in flight at the kill (sent and not fsync'd)`;
	const rotated = rotations.filter(rotation => rotation.did === account.did);
	if (rotated.length !== 1) return `${label}: the server rotated it ${rotated.length} times during the run`;
	const [{committedAt, answeredAt}] = rotated as [(typeof rotated)[number]];
	const moment: LossMoment = phases.has('answered') ? 'answer read, before fsync' : answeredAt <= killedAt ? 'server answered, answer unread' : 'request at the server';
	return {round, account: account.name, moment, commitToKillMs: killedAt - committedAt};
}

function spreadOf(values: number[]): OAuthKillReport['answerToFsyncMs'] {
	if (values.length === 0) return {median: Number.NaN, p95: Number.NaN, max: Number.NaN, samples: 0};
	const sorted = [...values].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
	return {median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, samples: sorted.length};
}

export function formatOAuthKillReport(report: OAuthKillReport): string {
	const byMoment = new Map<LossMoment, number>();
	for (const loss of report.losses) byMoment.set(loss.moment, (byMoment.get(loss.moment) ?? 0) + 1);
	const window = report.answerToFsyncMs;
	const lines = [
		`OAuth kill test: kills: ${report.kills}, kills mid-refresh: ${report.killsMidRefresh} (refreshes cut: ${report.refreshesCut}), sessions lost: ${report.sessionsLost}, "Refresh token replayed" at the server: ${report.replaysAtServer}`,
		`accounts: ${report.accounts}; full run ${Math.round(report.fullRunMs)} ms, kills drawn from ${Math.round(report.refreshingMs.from)} to ${Math.round(report.refreshingMs.to)} ms after the spawn (while it refreshes); seed ${report.seed}; wall time ${(report.wallMs / 1000).toFixed(1)} s`,
		`where the kills that lost a session fell: ${[...byMoment].map(([moment, count]) => `${moment}: ${count}`).join('; ') || 'none lost'}`,
		`tokentop's own window (answer read → fsync'd), uncut runs: median ${window.median.toFixed(2)} ms, p95 ${window.p95.toFixed(2)} ms, max ${window.max.toFixed(2)} ms over ${window.samples} refreshes`,
	];
	for (const loss of report.losses) lines.push(`  loss: round ${loss.round}, ${loss.account}: ${loss.moment} (kill ${loss.commitToKillMs.toFixed(2)} ms after the server's commit)`);
	for (const violation of report.violations) lines.push(`  ! ${violation}`);
	return lines.join('\n');
}
