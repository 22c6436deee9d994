/**
 * The keep-alive's alerts, the built binary: a command (from settings.json or a flag) run once
 * each time an account turns "needs login", and once when a refresh token comes within N days
 * of its end; it learns what happened from TOKENTOP_* variables in an environment built from an
 * allow-list — never a token, nothing else the keep-alive was started with.
 */
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as pause} from 'node:timers/promises';
import {after, before, describe, it} from 'node:test';
import {accessTokenOf} from '../../source/services/account.js';
import {login, relogin} from '../../source/services/sessions.js';
import {settingsPath} from '../../source/services/settings.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {tempConfigDir} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {recorded, recordingHook} from '../support/recording-hook.js';
import {until} from '../support/until.js';

const secretsInTheEnvironment = {TOKENTOP_TOKEN: 'do-not-leak-1', MY_API_KEY: 'do-not-leak-2'};

describe('keep-alive alerts', {timeout: 90_000}, () => {
	let zettelstore: ZettelstoreStandIn;
	let pds: BlueskyStandIn;
	before(async () => {
		zettelstore = await startZettelstoreStandIn({users: {owner: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 8});
		pds = await startBlueskyStandIn({loginDelayMs: 0, accessLifetimeSeconds: 6, refreshLifetimeSeconds: 3 * 24 * 60 * 60, didDocWithSession: false});
	});
	after(async () => {
		await Promise.all([zettelstore.close(), pds.close()]);
	});

	it('runs the needs-login command (from settings.json) once each time an account turns "needs login", with TOKENTOP_* and nothing secret', async t => {
		const dir = tempConfigDir(t);
		const hooks = path.join(dir, 'hooks');
		writeFileSync(settingsPath(dir), JSON.stringify({onNeedsLogin: recordingHook(hooks)}));
		const store = TokenStore.open({dir});
		const account = await login(store, {service: 'zettelstore', url: zettelstore.url, identifier: 'owner', password: 'pw', name: 'notes'});
		const tokens = new Set([accessTokenOf(account)]);
		const keepAlive = startKeepAlive(dir, [], {env: secretsInTheEnvironment});
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/notes: refreshed/);
		tokens.add(accessTokenOf(TokenStore.open({dir}).find('notes')!));

		zettelstore.restart();
		await keepAlive.waitForLine(/notes: needs login: 127\.0\.0\.1:\d+: the server probably restarted or changed \(token refused before its expiry\): log in again$/);
		await until(() => recorded(hooks).length === 1, 'the hook');
		// The account stays refused: no second alert while nothing changes.
		await pause(9_000);
		assert.equal(recorded(hooks).length, 1, 'exactly once');
		const [env] = recorded(hooks);
		assert.equal(env!.TOKENTOP_ACCOUNT, 'notes');
		assert.equal(env!.TOKENTOP_SERVICE, 'zettelstore');
		assert.equal(env!.TOKENTOP_STATE, 'needs-login');
		assert.match(env!.TOKENTOP_MESSAGE!, /: the server probably restarted or changed \(token refused before its expiry\): log in again$/);
		assert.equal(env!.PATH, process.env.PATH);
		const everything = JSON.stringify(env);
		for (const secret of [...Object.values(secretsInTheEnvironment), ...tokens, 'pw']) assert.ok(!everything.includes(`=${secret}`) && !everything.includes(`"${secret}"`), 'a secret reached the hook');
		assert.deepEqual(Object.keys(env!).filter(name => name.startsWith('TOKENTOP_')).sort(), ['TOKENTOP_ACCOUNT', 'TOKENTOP_MESSAGE', 'TOKENTOP_SERVICE', 'TOKENTOP_STATE']);
		assert.match(keepAlive.lines.join('\n'), /notes: on-needs-login ran \(exit 0\)/);

		// A person logs in again; the next turn alerts again.
		await relogin(TokenStore.open({dir}), account.id, 'pw');
		await keepAlive.waitForLine(/notes: refreshed/, {from: keepAlive.lines.length});
		zettelstore.restart();
		await until(() => recorded(hooks).length === 2, 'the second alert');
		assert.equal(await keepAlive.stop(), 0);
	});

	it('a server restart with a kept password: the account is back without a human, one login, no alert', async t => {
		const dir = tempConfigDir(t);
		const hooks = path.join(dir, 'hooks');
		await login(TokenStore.open({dir}), {service: 'zettelstore', url: zettelstore.url, identifier: 'owner', password: 'pw', name: 'notes', rememberPassword: 'plaintext'});
		const keepAlive = startKeepAlive(dir, ['--on-needs-login', recordingHook(hooks)]);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/notes: refreshed/);
		const loginsBefore = zettelstore.counters.loginAttempts;
		zettelstore.restart();
		const from = keepAlive.lines.length;
		await keepAlive.waitForLine(/notes: refreshed, valid \S+ \(until [^)]+\); logged in again: the server probably restarted or changed \(token refused before its expiry\)$/, {from});
		await keepAlive.waitForLine(/notes: refreshed, valid/, {from: keepAlive.lines.length});
		assert.equal(await keepAlive.stop(), 0);
		assert.equal(zettelstore.counters.loginAttempts - loginsBefore, 1, 'one login for the restart');
		assert.deepEqual(recorded(hooks), [], 'no alert: nobody had to act');
		assert.equal(TokenStore.open({dir}).find('notes')!.status, 'ok');
	});

	it('runs the session-ending command once when a refresh token comes within --session-warning-days of its end', async t => {
		const dir = tempConfigDir(t);
		const hooks = path.join(dir, 'hooks');
		const created = pds.createAccount('alice.test');
		await login(TokenStore.open({dir}), {service: 'bluesky', url: pds.url, identifier: created.handle, password: created.password, name: 'alice'});

		// 3 days left is not within 2 days.
		let keepAlive = startKeepAlive(dir, ['--on-session-ending', recordingHook(hooks), '--session-warning-days', '2']);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/alice: refreshed/);
		assert.equal(await keepAlive.stop(), 0);
		assert.deepEqual(recorded(hooks), []);

		// Within the default 7 days: once, however often the token is refreshed meanwhile.
		keepAlive = startKeepAlive(dir, ['--on-session-ending', recordingHook(hooks)]);
		await keepAlive.waitForLine(/alice: the refresh token ends in 2d 23h \(/);
		await until(() => recorded(hooks).length === 1, 'the hook');
		await keepAlive.waitForLine(/alice: refreshed/, {from: keepAlive.lines.length});
		await keepAlive.waitForLine(/alice: refreshed/, {from: keepAlive.lines.length});
		assert.equal(await keepAlive.stop(), 0);
		const [env] = recorded(hooks);
		assert.equal(recorded(hooks).length, 1);
		assert.equal(env!.TOKENTOP_STATE, 'session-ending');
		assert.equal(env!.TOKENTOP_SERVICE, 'bluesky');
		assert.match(env!.TOKENTOP_MESSAGE!, /^the refresh token ends \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(in 2d 23h\): log in again before then$/);
	});

	it('refuses an empty command and a bad number of days', async t => {
		const dir = tempConfigDir(t);
		for (const args of [['--on-needs-login', ' '], ['--session-warning-days', 'soon'], ['--session-warning-days', '-1']]) {
			const keepAlive = startKeepAlive(dir, args);
			assert.equal(await keepAlive.exit, 2, args.join(' '));
			assert.equal(keepAlive.lines.length, 1, keepAlive.lines.join('\n'));
		}
	});
});
