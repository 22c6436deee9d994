import {identityOf} from '../../services/account.js';
import type {AccountEntry} from '../../services/manager-api.js';

/** Case-insensitive match on name, service or handle/user. */
export function matchesFilter(entry: AccountEntry, filter: string): boolean {
	const needle = filter.trim().toLowerCase();
	if (needle === '') return true;
	const {account} = entry;
	return (
		account.name.toLowerCase().includes(needle) ||
		account.service.includes(needle) ||
		identityOf(account).toLowerCase().includes(needle)
	);
}

/** The same array when nothing is filtered, so memoised consumers see no change. */
export function filterEntries(entries: readonly AccountEntry[], filter: string): readonly AccountEntry[] {
	if (filter.trim() === '') return entries;
	return entries.filter((entry) => matchesFilter(entry, filter));
}
