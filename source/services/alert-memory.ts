/**
 * What the keep-alive has already alerted about, kept in `alerts.json` beside the store (0600,
 * rewritten atomically), so that a restart — a reboot, a service manager's restart — neither
 * repeats an alert nor forgets one: an account that turned "needs login" while no keep-alive
 * ran is alerted at the next start, once.
 *
 * A "needs login" is remembered with the account's credential revision: a new login bumps it,
 * so the next time that account needs a login is a new alert. A session-ending warning is
 * remembered until the account leaves the warning window (a new login moves its end).
 * Only one keep-alive runs per store, so only it writes the file. A file that cannot be read or
 * written is not a reason to stop: it is then kept in memory only.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {writeFileAtomically} from './atomic-file.js';

interface Remembered {
	/** Account id → the revision it had when its "needs login" was alerted. */
	needsLogin: Record<string, number>;
	/** Account ids warned that their refresh token or session ends soon. */
	sessionEnding: string[];
}

export function alertMemoryPath(dir: string): string {
	return path.join(dir, 'alerts.json');
}

export class AlertMemory {
	private readonly needsLogin = new Map<string, number>();
	private readonly sessionEnding = new Set<string>();
	private saved = '';

	constructor(private readonly file: string | undefined) {
		if (!file) return;
		const read = readRemembered(file);
		for (const [id, revision] of Object.entries(read.needsLogin)) this.needsLogin.set(id, revision);
		for (const id of read.sessionEnding) this.sessionEnding.add(id);
		this.saved = this.serialise();
	}

	/** True the first time an account needs a login at this revision; remembers it. */
	firstNeedsLogin(id: string, revision: number): boolean {
		if (this.needsLogin.get(id) === revision) return false;
		this.needsLogin.set(id, revision);
		return true;
	}

	/** The account no longer needs a login (or is gone). */
	clearNeedsLogin(id: string): void {
		this.needsLogin.delete(id);
	}

	/** True the first time an account comes within the warning window; remembers it. */
	firstSessionEnding(id: string): boolean {
		if (this.sessionEnding.has(id)) return false;
		this.sessionEnding.add(id);
		return true;
	}

	clearSessionEnding(id: string): void {
		this.sessionEnding.delete(id);
	}

	/** Forgets accounts that no longer exist. */
	keepOnly(ids: ReadonlySet<string>): void {
		for (const id of this.needsLogin.keys()) if (!ids.has(id)) this.needsLogin.delete(id);
		for (const id of this.sessionEnding) if (!ids.has(id)) this.sessionEnding.delete(id);
	}

	/** Writes the file when something changed since it was last written. */
	save(): void {
		const text = this.serialise();
		if (!this.file || text === this.saved) return;
		try {
			writeFileAtomically(this.file, text);
			this.saved = text;
		} catch {
			// A read-only or full store: alerts are then remembered for this run only.
		}
	}

	private serialise(): string {
		const remembered: Remembered = {needsLogin: Object.fromEntries([...this.needsLogin].sort()), sessionEnding: [...this.sessionEnding].sort()};
		return `${JSON.stringify(remembered, undefined, '\t')}\n`;
	}
}

function readRemembered(file: string): Remembered {
	const empty: Remembered = {needsLogin: {}, sessionEnding: []};
	let value: unknown;
	try {
		value = JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		// Missing or broken: nothing remembered (at worst an alert is repeated once).
		return empty;
	}
	if (typeof value !== 'object' || value === null) return empty;
	const {needsLogin, sessionEnding} = value as Partial<Record<keyof Remembered, unknown>>;
	return {
		needsLogin: Object.fromEntries(Object.entries(typeof needsLogin === 'object' && needsLogin !== null ? needsLogin : {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number')),
		sessionEnding: Array.isArray(sessionEnding) ? sessionEnding.filter((id): id is string => typeof id === 'string') : [],
	};
}
