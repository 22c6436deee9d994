/**
 * Reliability harness shared by `scripts/kill-test.ts` and `test/reliability/*`: a fleet of
 * accounts on local stand-in servers in a throw-away config folder, the built binary run
 * against it (and SIGKILLed at random moments), and a check after every run that asks the
 * servers — not the file — whether every stored credential still works.
 */
import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import type {Account} from '../../source/services/account.js';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {blueskyAccountFromSession} from '../../source/services/bluesky/credentials.js';
import {zettelstoreAccountFromAnswer} from '../../source/services/zettelstore/credentials.js';
import {TokenStore} from '../../source/services/store.js';
import * as zettelstore from '../../source/services/zettelstore/api.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {cliPath as builtCliPath} from './cli.js';
import {listenOnLoopback} from '../../source/standins/listen.js';

export type FleetService = 'zettelstore' | 'bluesky';
export const allServices: FleetService[] = ['zettelstore', 'bluesky'];

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

/**
 * A private copy of the built binary (its whole folder: entry plus chunks), so that a rebuild
 * of dist/ during a long run does not swap the binary under it mid-test. It lives under
 * node_modules/.cache because the bundle still resolves a few files at run time (ajv's
 * runtime helpers) from node_modules.
 */
export function snapshotCli(cli: string = builtCliPath): {cli: string; remove: () => void} {
	const cache = path.resolve(import.meta.dirname, '../../node_modules/.cache');
	mkdirSync(cache, {recursive: true});
	const folder = mkdtempSync(path.join(cache, 'tokentop-bin-'));
	cpSync(path.dirname(cli), folder, {recursive: true});
	return {cli: path.join(folder, path.basename(cli)), remove: () => rmSync(folder, {recursive: true, force: true})};
}

export async function runCliToEnd(args: string[], options: CliOptions): Promise<CliExit> {
	return startCli(args, options).done;
}

/** Runs to the end, or SIGKILLs it after `limitMs` and says so (a run stuck on a lock must not stall the test). */
export async function runCliWithin(args: string[], options: CliOptions, limitMs: number): Promise<CliExit & {timedOut: boolean}> {
	const run = startCli(args, options);
	const timedOut = !(await endsWithin(run, limitMs));
	if (timedOut) run.kill();
	return {...(await run.done), timedOut};
}

/** Whether the run ends by itself within `ms`; the timer goes as soon as it does. */
export async function endsWithin(run: CliRun, ms: number): Promise<boolean> {
	const timer = new AbortController();
	try {
		return await Promise.race([run.done.then(() => true), delay(ms, false, {signal: timer.signal})]);
	} finally {
		timer.abort();
	}
}

// --- The fleet: servers, accounts, and the check against the servers ---

export interface Verdict {
	ok: boolean;
	/** Why not, one line, no secret. */
	reason?: string;
	/** Accepted only thanks to the refresh-token grace: the server rotated it already (Bluesky). */
	inGrace?: boolean;
}

export interface VerifyOptions {
	/**
	 * Ask the server for real even when that uses the credential up (Bluesky refreshSession
	 * rotates the stored token): only for the very last check of a fleet.
	 */
	consume?: boolean;
}

interface ServiceBackend {
	service: FleetService;
	/** Logs `count` accounts in; returns them ready to store. */
	login(count: number, prefix: string): Promise<Account[]>;
	/** Asks the server whether the stored credential still works. */
	verify(account: Account, options: VerifyOptions): Promise<Verdict>;
	/** Called between runs (no tokentop running): e.g. moves a server clock. */
	beforeRound(round: number): void;
	/** Requests the server has seen so far (any kind). */
	requests(): number;
	/** Asks the server whether an access token handed out (e.g. by `tokentop token`) works. */
	verifyAccess(token: string): Promise<Verdict>;
	/** Refreshes that presented a refresh token the server had rotated already (saved only by the grace). */
	graceReuses(): number;
	close(): Promise<void>;
}

export interface FleetOptions {
	/** Total accounts, split evenly over the services. Default 50. */
	accounts?: number;
	/** Default: both, the accounts split evenly. */
	services?: FleetService[];
}

export interface CheckResult {
	/** Accounts that were checked against their server. */
	checked: number;
	/** Accounts whose stored credential the server refused, or that vanished or were marked needs-login. */
	lost: string[];
	/** An account's revision went down since the previous check: an older session overwrote a newer one. */
	regressions: string[];
	/** Bluesky accounts whose stored refresh token the server already rotated (accepted only within the grace). */
	inGrace: string[];
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
		const services = options.services ?? allServices;
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

	/** Requests the servers have seen so far, all together. */
	serverRequests(): number {
		return this.backends.reduce((sum, backend) => sum + backend.requests(), 0);
	}

	/** Refreshes so far that presented an already-rotated Bluesky refresh token (two refreshers racing, or a stale read). */
	graceReuses(): number {
		return this.backends.reduce((sum, backend) => sum + backend.graceReuses(), 0);
	}

	/** Asks the account's server whether this access token works. */
	async verifyAccess(account: Account, token: string): Promise<Verdict> {
		const backend = this.backends.find(candidate => candidate.service === account.service);
		return backend ? backend.verifyAccess(token) : {ok: false, reason: 'no server for this service'};
	}

	/** The store as a fresh process would read it. Throws when it cannot. */
	read(): Account[] {
		return TokenStore.open({dir: this.dir}).read();
	}

	/**
	 * The check after every run: the config parses, every account is still there, usable,
	 * its revision never went down, and its server accepts the stored credential.
	 */
	async check(options: VerifyOptions = {}): Promise<CheckResult> {
		let stored: Account[];
		try {
			stored = this.read();
		} catch (error) {
			return {checked: 0, lost: this.accounts.map(account => account.name), regressions: [], inGrace: [], unreadable: (error as Error).message};
		}
		const byId = new Map(stored.map(account => [account.id, account]));
		const lost: string[] = [];
		const regressions: string[] = [];
		const inGrace: string[] = [];
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
				const verdict: Verdict = backend ? await backend.verify(account, options) : {ok: false, reason: 'no server for this service'};
				if (!verdict.ok) lost.push(`${account.name}: ${verdict.reason ?? 'refused'}`);
				else if (verdict.inGrace) inGrace.push(account.name);
			}),
		);
		return {checked, lost: lost.sort(), regressions, inGrace: inGrace.sort()};
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
	/** Locks whose owner line names a process that no longer runs. */
	deadOwner: string[];
	/** Lock directories without an owner file (mkdir-style locks: holder killed between mkdir and creating it). */
	noOwner: string[];
	/** Locks whose owner line is empty or cut short (holder killed between creating and writing it). */
	emptyOwner: string[];
	/** Locks held by a live process (should be none between runs). */
	liveOwner: string[];
	/** `*.break` guards of file-lock.ts. */
	breakers: string[];
	/** Temp files of atomic rewrites (e.g. config.json.tmp-…, journal.ndjson.new). */
	tempFiles: string[];
}

/** What a killed process left in the config folder. Knows both lock styles: a file holding "PID HOST", or a directory with an `owner` file. */
export function findLeftovers(dir: string): Leftovers {
	const leftovers: Leftovers = {deadOwner: [], noOwner: [], emptyOwner: [], liveOwner: [], breakers: [], tempFiles: []};
	const candidates = [...listDir(dir).map(name => path.join(dir, name)), ...listDir(path.join(dir, 'locks')).map(name => path.join(dir, 'locks', name))];
	for (const file of candidates) {
		const name = path.basename(file);
		const stats = statSync(file, {throwIfNoEntry: false});
		if (!stats) continue;
		if (name.endsWith('.break')) leftovers.breakers.push(name);
		else if (name.endsWith('.lock')) {
			let owner: string | undefined;
			try {
				owner = readFileSync(stats.isDirectory() ? path.join(file, 'owner') : file, 'utf8');
			} catch {
				// a lock directory without its owner file
			}
			const pid = Number(owner?.split(' ')[0]);
			if (owner === undefined) leftovers.noOwner.push(name);
			else if (!/^\d+ \S+$/.test(owner) || !Number.isInteger(pid) || pid <= 0) leftovers.emptyOwner.push(name);
			else if (processExists(pid)) leftovers.liveOwner.push(name);
			else leftovers.deadOwner.push(name);
		} else if (stats.isFile() && /\.tmp|\.new$/.test(name)) leftovers.tempFiles.push(name);
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
	/** PUT /a: 200 = accepted (a renewal revokes nothing, so asking is harmless). */
	const verifyAccess = async (token: string): Promise<Verdict> => {
		const response = await fetch(`${server.url}/a`, {method: 'PUT', headers: {authorization: `Bearer ${token}`}});
		await response.text();
		return response.status === 200 ? {ok: true} : {ok: false, reason: `Zettelstore PUT /a answered ${response.status}`};
	};
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
		verify: account => verifyAccess((account as ZettelstoreAccount).token),
		verifyAccess,
		graceReuses: () => 0,
		beforeRound(round) {
			server.setClockOffset((round % 3) * 1_000_000);
		},
		requests: () => server.counters.requests,
		close: () => server.close(),
	};
}

// --- Bluesky ---

/** The stand-in's grace for a rotated refresh token (the PDS's 2 h). */
const refreshGraceMs = 2 * 60 * 60 * 1000;

/** What the server did with one refresh token, as seen in its answers (keyed by the token's jti). */
interface RefreshTokenFate {
	issuedAt: number;
	/** Expiry claim, epoch ms. */
	expiresAt: number;
	/** When a refreshSession presenting it first succeeded: from then on it lives only in the grace. */
	rotatedAt?: number;
	deleted?: boolean;
}

/**
 * The stand-in keeps its refresh-token table to itself, and asking it (refreshSession) would
 * rotate the very token under test. So tokentop talks to it through this recording proxy: every
 * token the server issued, rotated or deleted is noted from the server's own answers, and the
 * per-round check asks this ledger whether the server would accept a stored token now, and
 * whether only thanks to the grace. The last check of a fleet asks the server itself.
 */
class RecordingProxy {
	readonly fates = new Map<string, RefreshTokenFate>();
	/** Successful refreshes that presented a token already rotated (only the grace saved them). */
	graceReuses = 0;
	url = '';
	private readonly server: Server;

	private constructor(private readonly target: string) {
		this.server = createServer((request, response) => {
			this.forward(request, response).catch(() => response.destroy());
		});
	}

	static async start(target: string): Promise<RecordingProxy> {
		const proxy = new RecordingProxy(target);
		proxy.url = await listenOnLoopback(proxy.server);
		return proxy;
	}

	/** Would the server accept this refresh token now, and is it one it already rotated? */
	verdict(refreshJwt: string): Verdict {
		const claims = jwtClaims(refreshJwt);
		const jti = typeof claims?.jti === 'string' ? claims.jti : undefined;
		const fate = jti === undefined ? undefined : this.fates.get(jti);
		const now = Date.now();
		if (!fate) return {ok: false, reason: 'the stored refresh token is not one the server issued'};
		if (fate.deleted) return {ok: false, reason: 'the stored refresh token was deleted (deleteSession)'};
		if (fate.expiresAt <= now) return {ok: false, reason: 'the stored refresh token has expired'};
		if (fate.rotatedAt !== undefined && now - fate.rotatedAt >= refreshGraceMs) return {ok: false, reason: 'the stored refresh token was rotated and its grace is over'};
		return {ok: true, inGrace: fate.rotatedAt !== undefined};
	}

	close(): Promise<void> {
		return new Promise(resolve => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private async forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks);
		const headers: Record<string, string> = {};
		for (const name of ['authorization', 'content-type', 'accept', 'user-agent']) {
			const value = request.headers[name];
			if (typeof value === 'string') headers[name] = value;
		}
		const answer = await fetch(`${this.target}${request.url ?? '/'}`, {method: request.method, headers, ...(body.length > 0 ? {body} : {})});
		const text = await answer.text();
		if (answer.status === 200) this.note(request, text);
		const contentType = answer.headers.get('content-type');
		response.writeHead(answer.status, {...(contentType ? {'content-type': contentType} : {}), 'content-length': Buffer.byteLength(text)});
		response.end(text);
	}

	private note(request: IncomingMessage, text: string): void {
		const path = (request.url ?? '').split('?')[0];
		const presented = /^bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
		const presentedJti = presented === undefined ? undefined : jwtClaims(presented)?.jti;
		const now = Date.now();
		if (path === '/xrpc/com.atproto.server.deleteSession') {
			const fate = typeof presentedJti === 'string' ? this.fates.get(presentedJti) : undefined;
			if (fate) fate.deleted = true;
			return;
		}
		if (path !== '/xrpc/com.atproto.server.createSession' && path !== '/xrpc/com.atproto.server.refreshSession') return;
		let issued: unknown;
		try {
			issued = (JSON.parse(text) as {refreshJwt?: unknown}).refreshJwt;
		} catch {
			return;
		}
		const claims = typeof issued === 'string' ? jwtClaims(issued) : undefined;
		if (typeof claims?.jti === 'string' && !this.fates.has(claims.jti)) {
			this.fates.set(claims.jti, {issuedAt: now, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.POSITIVE_INFINITY});
		}
		if (path === '/xrpc/com.atproto.server.refreshSession' && typeof presentedJti === 'string') {
			const fate = this.fates.get(presentedJti);
			if (fate && fate.rotatedAt === undefined) fate.rotatedAt = now;
			else if (fate) this.graceReuses++;
		}
	}
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
		return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * One stand-in PDS behind the recording proxy, one account each. Every refresh rotates the
 * refresh token. No didDoc in the sessions, so tokentop keeps calling the proxy's URL.
 */
async function blueskyBackend(): Promise<ServiceBackend> {
	const standIn: BlueskyStandIn = await startBlueskyStandIn({loginDelayMs: 0, didDocWithSession: false, refreshGraceSeconds: refreshGraceMs / 1000});
	const proxy = await RecordingProxy.start(standIn.url).catch(async error => {
		await standIn.close();
		throw error;
	});
	return {
		service: 'bluesky',
		async login(count, prefix) {
			const accounts: Account[] = [];
			for (let index = 0; index < count; index++) {
				const name = `${prefix}-${String(index).padStart(2, '0')}`;
				const created = standIn.createAccount(`${name}.test`);
				const session = await bluesky.createSession(proxy.url, {identifier: created.handle, password: created.password});
				accounts.push(blueskyAccountFromSession(session, {name, url: proxy.url, identifier: created.handle}));
			}
			return accounts;
		},
		async verify(account, options) {
			const {refreshJwt, pdsUrl} = account as BlueskyAccount;
			if (pdsUrl !== undefined && pdsUrl !== proxy.url) return {ok: false, reason: `calls went to ${pdsUrl}, past the recording proxy`};
			const verdict = proxy.verdict(refreshJwt);
			if (!options.consume) return verdict;
			// The last word is the server's: a real refreshSession with the stored token.
			try {
				await bluesky.refreshSession(proxy.url, refreshJwt);
				return verdict.ok ? verdict : {ok: false, reason: `the server accepted it, but the ledger said: ${verdict.reason}`};
			} catch (error) {
				return {ok: false, reason: `refreshSession with the stored token: ${(error as Error).message}`};
			}
		},
		async verifyAccess(token) {
			try {
				await bluesky.getSession(proxy.url, token);
				return {ok: true};
			} catch (error) {
				return {ok: false, reason: `getSession: ${(error as Error).message}`};
			}
		},
		graceReuses: () => proxy.graceReuses,
		beforeRound() {},
		requests: () => standIn.counters.requests,
		async close() {
			await proxy.close();
			await standIn.close();
		},
	};
}

// --- The kill test ---

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
