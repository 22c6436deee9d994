/**
 * A server that ends OAuth sessions sooner than a public client's 14 days does not say so:
 * TOKENTOP_OAUTH_SESSION_SECONDS at sign-in tells tokentop, and the demo (10-minute sessions) uses it.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sessionEndsAt} from '../../source/services/account.js';
import {sessionClocks, sessionLifetimeSetting} from '../../source/services/bluesky-oauth/session-clocks.js';
import {startDemo} from '../../source/commands/demo.js';

test('TOKENTOP_OAUTH_SESSION_SECONDS sets the session lifetime kept with a sign-in; a bad value is refused in words', () => {
	assert.deepEqual(sessionLifetimeSetting({}), {});
	assert.deepEqual(sessionLifetimeSetting({TOKENTOP_OAUTH_SESSION_SECONDS: '600'}), {sessionLifetimeMs: 600_000});
	assert.throws(() => sessionLifetimeSetting({TOKENTOP_OAUTH_SESSION_SECONDS: '10m'}), /TOKENTOP_OAUTH_SESSION_SECONDS must be a whole number of seconds, got "10m"/);
	const clocks = sessionClocks({signedInAt: 1_000, refreshedAt: 5_000, accessExpiresAt: 9_000, sessionLifetimeMs: 600_000});
	assert.equal(clocks.sessionEndsAt, 601_000);
	assert.equal(clocks.refreshExpiresAt, 601_000, 'the refresh token cannot outlive the session');
});

test("the demo's OAuth account shows its 10-minute session end", async () => {
	const demo = await startDemo({loginDelayMs: 0});
	try {
		const ends = demo.store.read().map(account => ({account, end: sessionEndsAt(account)})).filter(({end}) => end !== undefined);
		assert.ok(ends.length > 0, 'the demo has an OAuth account');
		for (const {account, end} of ends) {
			const left = end! - Date.now();
			assert.ok(left > 0 && left <= 600_000, `${account.name}: session ends in ${left} ms, not within 10 minutes`);
		}
	} finally {
		await demo.stop();
	}
});
