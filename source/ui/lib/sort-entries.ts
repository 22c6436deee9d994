/** The orders `s` cycles through, and the list sorted by one of them. Pure. */
import {accessExpiresAt} from '../../services/account.js';
import type {AccountEntry} from '../../services/manager-api.js';
import {displayStateOf, type DisplayState, needsLoginState} from '../../rules/account-state.js';

/** In the order `s` cycles through them; the first is the order at start. */
export const sortOrders = ['name', 'time left', 'service', 'state'] as const;
export type SortOrder = (typeof sortOrders)[number];

export function nextSortOrder(order: SortOrder): SortOrder {
	return sortOrders[(sortOrders.indexOf(order) + 1) % sortOrders.length]!;
}

/** Most urgent first. */
const stateRanks: Record<DisplayState, number> = {
	'needs-login': 0,
	moved: 0,
	inactive: 0,
	error: 1,
	expired: 2,
	critical: 3,
	expiring: 4,
	'session-ends-soon': 5,
	refreshing: 6,
	ok: 7,
	free: 8,
};

/** Time left as a sort key: an account that needs a login first, one without authentication last. */
function expiryKey(entry: AccountEntry, now: number): number {
	const state = displayStateOf(entry, now);
	if (state === 'free') return Number.POSITIVE_INFINITY;
	if (needsLoginState(state)) return Number.NEGATIVE_INFINITY;
	return accessExpiresAt(entry.account);
}

/**
 * The entries (which come sorted by name) in the given order; ties keep the name order. The
 * same array for 'name', so nothing downstream sees a change.
 */
export function sortEntries(entries: readonly AccountEntry[], order: SortOrder, now: number): readonly AccountEntry[] {
	if (order === 'name') return entries;
	const keyed = entries.map((entry) => ({entry, key: sortKey(entry, order, now)}));
	keyed.sort((left, right) => compareKeys(left.key, right.key));
	return keyed.map(({entry}) => entry);
}

type Key = readonly [string | number, number];

function sortKey(entry: AccountEntry, order: Exclude<SortOrder, 'name'>, now: number): Key {
	switch (order) {
		case 'time left':
			return [expiryKey(entry, now), 0];
		case 'service':
			return [entry.account.service, 0];
		case 'state':
			return [stateRanks[displayStateOf(entry, now)], expiryKey(entry, now)];
	}
}

function compareKeys(left: Key, right: Key): number {
	for (let index = 0; index < 2; index++) {
		const [a, b] = [left[index]!, right[index]!];
		if (a === b) continue;
		if (typeof a === 'string' && typeof b === 'string') return a.localeCompare(b);
		return (a as number) < (b as number) ? -1 : 1;
	}
	return 0;
}

/**
 * What the 'state' order depends on at a moment: the state of every entry. The store re-sorts
 * when this changes on a clock tick (a token turning from ok to expiring moves up).
 */
export function stateOrderSignature(entries: readonly AccountEntry[], now: number): string {
	let signature = '';
	for (const entry of entries) signature += String(stateRanks[displayStateOf(entry, now)]);
	return signature;
}
