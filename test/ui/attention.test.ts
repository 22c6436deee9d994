import assert from 'node:assert/strict';
import {test} from 'node:test';
import {displayStateOf} from '../../source/rules/account-state.js';
import {attentionCounter} from '../../source/ui/lib/attention.js';
import {blueskyAccount, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';

/** The same summary, the slow way: a state per account. */
function counted(entries: Parameters<typeof attentionCounter>[0], now: number): string {
	const counts = {expired: 0, 'needs-login': 0, error: 0, critical: 0};
	for (const entry of entries) {
		const state = displayStateOf(entry, now);
		if (state in counts) counts[state as keyof typeof counts]++;
	}
	return [
		counts.expired > 0 ? `${counts.expired} expired` : '',
		counts['needs-login'] > 0 ? `${counts['needs-login']} needs login` : '',
		counts.error > 0 ? `${counts.error} error` : '',
		counts.critical > 0 ? `${counts.critical} critical` : '',
	]
		.filter(Boolean)
		.join(' · ');
}

test('counts as displayStateOf does, at every moment, for tokens of every lifetime and status', () => {
	let seed = 7;
	const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
	const statuses = ['ok', 'ok', 'ok', 'error', 'needs-login'] as const;
	const entries = Array.from({length: 300}, (_, index) => {
		const issuedAt = testEpoch - random() * 60 * minute;
		const expiresAt = issuedAt + (0.5 + random() * 120) * minute;
		const status = statuses[index % statuses.length]!;
		const account =
			index % 3 === 0
				? zettelstoreAccount({tokenReceivedAt: issuedAt, tokenExpiresAt: expiresAt, status, freeAccess: index % 31 === 0})
				: blueskyAccount({accessIssuedAt: issuedAt, accessExpiresAt: expiresAt, status});
		return {account, refreshing: index % 17 === 0};
	});
	const count = attentionCounter(entries);
	for (let now = testEpoch - 10 * minute; now < testEpoch + 130 * minute; now += 7_919) assert.equal(count(now), counted(entries, now), `at ${now - testEpoch} ms`);
});
