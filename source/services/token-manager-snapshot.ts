/**
 * The app's picture of the store: one entry per account, sorted by name. An entry whose
 * account, busy flag and planned refresh did not change is the same object as before, so the
 * rows that did not change are not drawn again.
 */
import type {Account} from './account.js';
import type {AccountEntry} from './manager-api.js';

export class EntryList {
	private readonly cache = new Map<string, AccountEntry>();

	/** Entries for `accounts`; `plannedAt` is undefined while auto-refresh is off. */
	build(accounts: readonly Account[], busy: {has(id: string): boolean}, plannedAt: (account: Account) => number | undefined): AccountEntry[] {
		const entries = accounts
			.slice()
			.sort((a, b) => a.name.localeCompare(b.name))
			.map(account => this.entryFor(account, busy.has(account.id), plannedAt(account)));
		const seen = new Set(entries.map(entry => entry.account.id));
		for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);
		return entries;
	}

	private entryFor(account: Account, refreshing: boolean, nextRefreshAt: number | undefined): AccountEntry {
		const cached = this.cache.get(account.id);
		if (cached && cached.account.revision === account.revision && cached.account.name === account.name && cached.refreshing === refreshing && cached.nextRefreshAt === nextRefreshAt) {
			return cached;
		}
		const entry: AccountEntry = {account, refreshing, nextRefreshAt};
		this.cache.set(account.id, entry);
		return entry;
	}
}
