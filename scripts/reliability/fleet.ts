/**
 * A fleet of accounts on local stand-in servers in a throw-away config folder, and the check
 * after every run that asks the servers, not the file, whether every stored credential still
 * works. Also what a killed process left in the folder (locks, temp files).
 */
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Account} from '../../source/services/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type FleetService, type ServiceBackend, type Verdict, type VerifyOptions, allServices} from './backend.js';
import {blueskyBackend} from './bluesky-backend.js';
import {zettelstoreBackend} from './zettelstore-backend.js';

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
