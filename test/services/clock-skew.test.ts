/**
 * A local clock that is minutes off must not make a valid token look expired, or an expired
 * one valid: expiry is always the receive time plus what the server says is left.
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {accessExpiresAt} from '../../source/services/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import * as zettelstore from '../../source/services/zettelstore/api.js';
import {startBlueskyStandIn, type BlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {blueskyAccountFromSession} from '../../source/services/bluesky/credentials.js';

const tenMinutes = 10 * 60_000;

describe('clock skew of 10 minutes between server and client', () => {
	let blueskyServer: BlueskyStandIn;
	let zettelstoreServer: ZettelstoreStandIn;
	before(async () => {
		blueskyServer = await startBlueskyStandIn({loginDelayMs: 0, accessLifetimeSeconds: 900});
		zettelstoreServer = await startZettelstoreStandIn({users: {owner: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 900});
	});
	after(async () => {
		await blueskyServer.close();
		await zettelstoreServer.close();
	});

	for (const offset of [tenMinutes, -tenMinutes]) {
		const direction = offset > 0 ? 'ahead' : 'behind';

		it(`Bluesky: a 15-minute token from a server ${direction} still shows 15 minutes, before and after a refresh`, async () => {
			blueskyServer.setClockOffset(offset);
			const alice = blueskyServer.createAccount();
			const session = await bluesky.createSession(blueskyServer.url, {identifier: alice.handle, password: alice.password});
			const left = session.accessExpiresAt - Date.now();
			assert.ok(left > 890_000 && left <= 900_000, `${left} ms left, expected about 900 s`);
			const account = blueskyAccountFromSession(session, {name: 'a', url: blueskyServer.url, identifier: alice.handle});
			assert.ok(accessExpiresAt(account) > Date.now());
			const refreshed = await bluesky.refreshSession(blueskyServer.url, session.refreshJwt);
			const leftAfter = refreshed.accessExpiresAt - Date.now();
			assert.ok(leftAfter > 890_000 && leftAfter <= 900_000, `${leftAfter} ms left after refresh`);
		});

		it(`Bluesky: a token already expired by the server's clock shows expired, from a server ${direction}`, async () => {
			blueskyServer.setClockOffset(offset);
			blueskyServer.setAccessLifetimeSeconds(0);
			try {
				const bob = blueskyServer.createAccount();
				const session = await bluesky.createSession(blueskyServer.url, {identifier: bob.handle, password: bob.password});
				assert.ok(session.accessExpiresAt <= Date.now() + 1000, 'no time left, whatever our clock says');
			} finally {
				blueskyServer.setAccessLifetimeSeconds(900);
			}
		});

		it(`Zettelstore: a 15-minute token from a server ${direction} shows 15 minutes`, async () => {
			zettelstoreServer.setClockOffset(offset);
			const answer = await zettelstore.authenticate(zettelstoreServer.url, 'owner', 'pw');
			const left = answer.expiresAt - Date.now();
			assert.ok(left > 890_000 && left <= 900_000, `${left} ms left`);
			// The token's own claim says 15 minutes on the server's clock; we never compare it to ours.
			const renewed = await zettelstore.renew(zettelstoreServer.url, answer.token);
			assert.ok(renewed.expiresAt - Date.now() > 890_000);
		});
	}
});
