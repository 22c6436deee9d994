import assert from 'node:assert/strict';
import {test} from 'node:test';
import {criticalMs, displayStateOf, expiringMs, stateLooks, stateSentence, timeStateOf, tokenUseOf} from '../../source/rules/account-state.js';
import {failureWords} from '../../source/rules/failure-words.js';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';

const now = testEpoch;

test('ok while more than a quarter of the lifetime and 10 minutes are left', () => {
	assert.equal(timeStateOf(now + hour, now - hour, now), 'ok');
});

test('expiring under a quarter of the lifetime even with more than 10 minutes left', () => {
	// Lifetime 2 h: a quarter is 30 min.
	assert.equal(timeStateOf(now + 31 * minute, now + 31 * minute - 2 * hour, now), 'ok');
	assert.equal(timeStateOf(now + 29 * minute, now + 29 * minute - 2 * hour, now), 'expiring');
});

test('expiring under 10 minutes even for a long lifetime fraction', () => {
	// Lifetime 20 min: 10 min left is half of it, still expiring by the 10 minute rule.
	assert.equal(timeStateOf(now + expiringMs, now - expiringMs, now), 'ok');
	assert.equal(timeStateOf(now + expiringMs - 1, now - expiringMs, now), 'expiring');
});

test('critical under 2 minutes, expired at zero', () => {
	assert.equal(timeStateOf(now + criticalMs, now - hour, now), 'expiring');
	assert.equal(timeStateOf(now + criticalMs - 1, now - hour, now), 'critical');
	assert.equal(timeStateOf(now + 1, now - hour, now), 'critical');
	assert.equal(timeStateOf(now, now - hour, now), 'expired');
	assert.equal(timeStateOf(now - 1, now - hour, now), 'expired');
});

test('short-lived tokens start green: the limits shrink to half and a quarter of the lifetime', () => {
	const issued = now - 20_000;
	const expires = issued + minute;
	assert.equal(timeStateOf(expires, issued, now), 'ok', '40 s of 60 left');
	assert.equal(timeStateOf(expires, issued, expires - 29_000), 'expiring');
	assert.equal(timeStateOf(expires, issued, expires - 14_000), 'critical');
	// A default Zettelstore token: green until 5 minutes, yellow until 2, then red.
	assert.equal(timeStateOf(now + 6 * minute, now - 4 * minute, now), 'ok');
	assert.equal(timeStateOf(now + 4 * minute, now - 6 * minute, now), 'expiring');
	assert.equal(timeStateOf(now + 2 * minute - 1, now - 8 * minute, now), 'critical');
});

test('a zero or negative lifetime does not break the quarter rule', () => {
	assert.equal(timeStateOf(now + hour, now + hour, now), 'ok');
	assert.equal(timeStateOf(now + hour, now + 2 * hour, now), 'ok');
});

test('the status of the account beats the countdown', () => {
	const account = blueskyAccount({}, now);
	assert.equal(displayStateOf({account, refreshing: false}, now), 'ok');
	assert.equal(displayStateOf({account, refreshing: true}, now), 'refreshing');
	assert.equal(displayStateOf({account: {...account, status: 'needs-login'}, refreshing: false}, now), 'needs-login');
	assert.equal(displayStateOf({account: {...account, status: 'error'}, refreshing: false}, now), 'error');
	assert.equal(displayStateOf({account, refreshing: false}, account.accessExpiresAt), 'expired');
});

test('a Zettelstore without authentication is "free", whatever its times say', () => {
	const account = zettelstoreAccount({freeAccess: true, tokenExpiresAt: now - hour}, now);
	assert.equal(displayStateOf({account, refreshing: false}, now), 'free');
});

test('Zettelstore uses its receive time and expiry', () => {
	const account = zettelstoreAccount({tokenReceivedAt: now - 50 * minute, tokenExpiresAt: now + 10 * minute - 1}, now);
	assert.equal(displayStateOf({account, refreshing: false}, now), 'expiring');
});

test('every state has its own symbol, one cell wide, its own word and a meaning', () => {
	const looks = Object.values(stateLooks);
	assert.equal(new Set(looks.map((look) => look.symbol)).size, looks.length);
	assert.equal(new Set(looks.map((look) => look.word)).size, looks.length);
	for (const look of looks) {
		assert.equal([...look.symbol].length, 1);
		assert.ok(look.meaning.length > 10, look.word);
	}
	assert.equal(stateLooks.free.word, 'no auth needed');
});

test('the pane says how long ago a token expired, and whether a failing account\'s token still works', () => {
	const account = blueskyAccount({accessIssuedAt: now - hour, accessExpiresAt: now + hour + 2 * minute + 30_000}, now);
	assert.equal(stateSentence({account, refreshing: false}, now), 'ok');
	assert.equal(stateSentence({account, refreshing: false}, account.accessExpiresAt + 7 * minute), 'expired 7m ago');
	assert.equal(stateSentence({account, refreshing: false}, account.accessExpiresAt + 10_000), 'expired just now');
	const failing = {...account, status: 'error' as const};
	assert.equal(stateSentence({account: failing, refreshing: false}, now), 'error — token still valid 1h 02m');
	assert.equal(stateSentence({account: failing, refreshing: false}, account.accessExpiresAt + 3 * minute), 'error — token expired 3m ago');
	assert.equal(stateSentence({account: {...account, status: 'needs-login'}, refreshing: false}, now), 'needs login');
	assert.equal(stateSentence({account, refreshing: true}, now), 'refreshing…');
	assert.equal(stateSentence({account: zettelstoreAccount({freeAccess: true}, now), refreshing: false}, now), 'no auth needed');
});

test('a token may be handed out only while it is valid and not rejected', () => {
	const account = blueskyAccount({}, now);
	assert.equal(tokenUseOf({account, refreshing: false}, now), 'usable');
	assert.equal(tokenUseOf({account, refreshing: false}, account.accessExpiresAt), 'expired');
	assert.equal(tokenUseOf({account: {...account, status: 'needs-login'}, refreshing: false}, now), 'rejected');
	assert.equal(tokenUseOf({account: {...account, status: 'error'}, refreshing: false}, now), 'usable', 'a failed refresh leaves a valid token valid');
	assert.equal(tokenUseOf({account: zettelstoreAccount({freeAccess: true, token: ''}, now), refreshing: false}, now), 'no-token');
});

test('failures in two or three words', () => {
	assert.equal(failureWords('network'), 'server unreachable');
	assert.equal(failureWords('needs-login'), 'needs login');
	assert.equal(failureWords('bad-credentials'), 'needs login');
});
