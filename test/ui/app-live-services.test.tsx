import '../support/ink.js';
/**
 * The App on the REAL TokenManager and store, against the Zettelstore stand-in and a server
 * that never answers: `r` shows the new expiry, a hanging request never freezes the screen,
 * and an account whose server is gone can still be removed.
 */
import assert from 'node:assert/strict';
import {createServer, type Socket} from 'node:net';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {loginZettelstore} from '../support/accounts.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {openTempStore} from '../support/temp-store.js';
import {blueskyAccount} from '../support/fake-manager.js';
import {App} from '../../source/ui/app.js';
import {press, stripAnsi, waitForContent, nextTick} from '../support/ink.js';

const showing = (pattern: RegExp) => (frame: string) => pattern.test(stripAnsi(frame));

describe('the App on real services', () => {
	const server = zettelstoreForSuite();

	it('r renews for real and the pane shows the new expiry', async t => {
		const store = openTempStore(t);
		await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw', name: 'zs'});
		const manager = new TokenManager(store);
		const app = render(<App manager={manager} />);
		t.after(() => app.unmount());
		await waitForContent(app.lastFrame, showing(/in (9m 5\d|10m 00)s/));
		// The token is past its first quarter on the server's clock, and new tokens live 50 minutes.
		server().setClockOffset(200_000);
		server().setTokenLifetimeSeconds(3000);
		t.after(() => {
			server().setClockOffset(0);
			server().setTokenLifetimeSeconds(600);
		});
		await press(app.stdin, 'r');
		await waitForContent(app.lastFrame, showing(/in 49m 5\ds|in 50m 00s/), 5000);
		await waitForContent(app.lastFrame, showing(/refreshed zs/));
	});

	it('a request that never answers leaves the countdown ticking', async t => {
		const sockets = new Set<Socket>();
		const silent = createServer(socket => sockets.add(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		t.after(() => {
			for (const socket of sockets) socket.destroy();
			silent.close();
		});
		const store = openTempStore(t);
		await loginZettelstore(store, {url: server().url, user: 'owner', password: 'pw', name: 'zs'});
		await store.update(accounts => accounts.map(account => ({...account, url: `http://127.0.0.1:${(silent.address() as {port: number}).port}`})));
		let now = Date.now();
		const manager = new TokenManager(store);
		const app = render(<App manager={manager} now={() => now} tickMs={20} />);
		t.after(() => app.unmount());
		await waitForContent(app.lastFrame, 'zs');
		await press(app.stdin, 'r');
		await waitForContent(app.lastFrame, showing(/refreshing/i));
		// The request reaches the silent server a moment after "refreshing" shows (longer on a busy machine).
		await waitForContent(app.lastFrame, () => sockets.size > 0, 5000);
		const left = (frame: string) => stripAnsi(frame).match(/in (\d+m \d+s)/)?.[1];
		const before = left(app.lastFrame() ?? '');
		now += 65_000;
		const frame = await waitForContent(app.lastFrame, text => left(text) !== before && /refreshing/i.test(stripAnsi(text)), 3000);
		assert.notEqual(left(frame), before, 'the clock kept running while the request hangs');
		// The request is really hanging at the server (it connects once the refresh code has loaded).
		await waitForContent(app.lastFrame, () => sockets.size > 0, 3000);
		assert.match(stripAnsi(app.lastFrame() ?? ''), /refreshing/i);
	});

	it('d on an account whose server is gone: says so, and removes it here on a second y', async t => {
		// A port that refuses connections: listen, note the port, close.
		const closed = createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const {port} = closed.address() as {port: number};
		await new Promise<void>(resolve => closed.close(() => resolve()));
		const store = openTempStore(t);
		const gone = blueskyAccount({name: 'gone', url: `http://127.0.0.1:${port}`, pdsUrl: `http://127.0.0.1:${port}`, accessIssuedAt: Date.now(), accessExpiresAt: Date.now() + 3_600_000});
		await store.update(accounts => [...accounts, gone]);
		const manager = new TokenManager(store);
		const app = render(<App manager={manager} />);
		t.after(() => app.unmount());
		await waitForContent(app.lastFrame, 'gone');
		await press(app.stdin, 'd');
		await waitForContent(app.lastFrame, 'Remove gone? (y/n)');
		await press(app.stdin, 'y');
		await waitForContent(app.lastFrame, showing(/Remove gone here anyway\? \(y\/n\) The server cannot be reached/), 5000);
		assert.equal(store.read().length, 1, 'still stored while the question is open');
		await nextTick();
		await press(app.stdin, 'y');
		await waitForContent(app.lastFrame, showing(/removed gone from tokentop: could not end the session on the server/), 5000);
		assert.deepEqual(store.read(), [], 'gone from the store');
	});
});
