import assert from 'node:assert/strict';
import {test} from 'node:test';
import {criticalMs, displayStateOf, expiringMs, timeStateOf} from '../../source/rules/account-state.js';
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
