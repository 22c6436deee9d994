/**
 * The keep-alive's alerts across restarts (a reboot, a service manager restarting it): an
 * account that turned "needs login" while no keep-alive ran is alerted at the next start, once;
 * neither that alert nor a session-ending one is repeated by the start after.
 */
import assert from 'node:assert/strict';
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import {alertMemoryPath} from '../../source/services/alert-memory.js';
import {login, relogin} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {recorded, recordingHook} from '../support/recording-hook.js';
import {until} from '../support/until.js';

/** Runs a keep-alive until it logged `pattern`, then stops it (which waits for its alert commands). */
async function runKeepAliveUntil(dir: string, args: string[], pattern: RegExp): Promise<string[]> {
	const keepAlive = startKeepAlive(dir, args);
	try {
		await keepAlive.waitForLine(pattern);
	} finally {
		assert.equal(await keepAlive.stop(), 0);
	}
	return keepAlive.lines;
}

describe('keep-alive alerts across restarts', {timeout: 90_000}, () => {
	let zettelstore: ZettelstoreStandIn;
	let pds: BlueskyStandIn;
	before(async () => {
		zettelstore = await startZettelstoreStandIn({users: {owner: 'pw'}, loginDelayMs: 0});
		pds = await startBlueskyStandIn({loginDelayMs: 0, refreshLifetimeSeconds: 3 * 24 * 60 * 60, didDocWithSession: false});
	});
	after(async () => {
		await Promise.all([zettelstore.close(), pds.close()]);
	});

	it('alerts at start for an account that turned "needs login" while no keep-alive ran, and not again after a restart', async t => {
		const dir = tempConfigDir(t);
		const hooks = path.join(dir, 'hooks');
		const args = ['--on-needs-login', recordingHook(hooks)];
		const account = await login(TokenStore.open({dir}), {service: 'zettelstore', url: zettelstore.url, identifier: 'owner', password: 'pw', name: 'notes'});
		zettelstore.restart();
		assert.equal((await runCli(['refresh', 'notes'], {configDir: dir})).code, 3);

		const needsLogin = /notes: needs login \(already before this start\)/;
		const first = await runKeepAliveUntil(dir, args, needsLogin);
		assert.equal(recorded(hooks).length, 1, 'alerted at the first start');
		assert.equal(recorded(hooks)[0]!.TOKENTOP_STATE, 'needs-login');
		assert.match(first.join('\n'), /notes: on-needs-login ran \(exit 0\)/);
		assert.equal(statSync(alertMemoryPath(dir)).mode & 0o777, 0o600);

		const second = await runKeepAliveUntil(dir, args, needsLogin);
		assert.equal(recorded(hooks).length, 1, 'not again after a restart');
		assert.doesNotMatch(second.join('\n'), /on-needs-login ran/);

		// Logged in again, then refused again while no keep-alive ran: a new alert.
		await relogin(TokenStore.open({dir}), account.id, 'pw');
		await runKeepAliveUntil(dir, args, /looks after 1 account/);
		zettelstore.restart();
		assert.equal((await runCli(['refresh', 'notes'], {configDir: dir})).code, 3);
		await runKeepAliveUntil(dir, args, needsLogin);
		await until(() => recorded(hooks).length === 2, 'the alert for the second time');
	});

	it('runs the session-ending command once, not again after a restart (the warning is still logged)', async t => {
		const dir = tempConfigDir(t);
		const hooks = path.join(dir, 'hooks');
		const args = ['--on-session-ending', recordingHook(hooks)];
		const created = pds.createAccount('carol.test');
		await login(TokenStore.open({dir}), {service: 'bluesky', url: pds.url, identifier: created.handle, password: created.password, name: 'carol'});
		const warning = /carol: the refresh token ends in 2d 23h \(/;
		await runKeepAliveUntil(dir, args, warning);
		assert.equal(recorded(hooks).length, 1);
		const second = await runKeepAliveUntil(dir, args, warning);
		assert.equal(recorded(hooks).length, 1, 'not again after a restart');
		assert.doesNotMatch(second.join('\n'), /on-session-ending ran/);
		assert.ok(existsSync(alertMemoryPath(dir)));
	});
});
