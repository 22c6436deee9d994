import '../support/ink.js';
/**
 * `tokentop keep-alive`, the built binary, against the Zettelstore stand-in with 20-second
 * tokens (the planner is proportional: 40 s here are two minutes of 1-minute tokens): it keeps
 * them alive without a password, tells each event in one line, picks up accounts other
 * tokentops add or remove, runs once per store, exits 0 on SIGTERM/SIGINT, and the open app
 * shows that it runs.
 */
import assert from 'node:assert/strict';
import {existsSync, writeFileSync} from 'node:fs';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {setTimeout as pause} from 'node:timers/promises';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import React from 'react';
import {accessExpiresAt, accessIssuedAt, accessTokenOf} from '../../source/services/account.js';
import {timeStateOf} from '../../source/rules/account-state.js';
import {logout} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {App} from '../../source/ui/app.js';
import {loginZettelstore} from '../support/accounts.js';
import {stripAnsi, waitForContent} from '../support/ink.js';
import {startKeepAlive} from '../support/keep-alive-process.js';
import {tempConfigDir} from '../support/temp-store.js';

describe('tokentop keep-alive', {timeout: 120_000}, () => {
	const server = zettelstoreForSuite({users: {alice: 'pw-a', bob: 'pw-b', carol: 'pw-c'}, loginDelayMs: 0, tokenLifetimeSeconds: 20});

	it('keeps 20 s tokens alive for 40 s without a password, picks up added and removed accounts within 2 s, exits 0 on SIGTERM', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		await loginZettelstore(store, {url: server().url, user: 'alice', password: 'pw-a', name: 'alice'});
		await loginZettelstore(store, {url: server().url, user: 'bob', password: 'pw-b', name: 'bob'});
		const loginsBefore = server().counters.loginAttempts;
		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/keep-alive \(pid \d+\) looks after 2 accounts/);
		assert.ok(existsSync(path.join(dir, 'keep-alive.pid')));

		const problems: string[] = [];
		const tokens = new Set<string>();
		const reader = TokenStore.open({dir});
		const started = Date.now();
		let carolAddedAt = 0;
		let carolRemovedAt = 0;
		while (Date.now() - started < 40_000) {
			const now = Date.now();
			for (const account of reader.read()) {
				tokens.add(accessTokenOf(account));
				const state = timeStateOf(accessExpiresAt(account), accessIssuedAt(account), now);
				if (state === 'critical' || state === 'expired' || account.status !== 'ok') problems.push(`${account.name} at +${now - started} ms: ${state}, ${account.status}`);
			}
			if (!carolAddedAt && now - started > 8_000) {
				// Another tokentop logs in meanwhile.
				await loginZettelstore(TokenStore.open({dir}), {url: server().url, user: 'carol', password: 'pw-c', name: 'carol'});
				carolAddedAt = Date.now();
			}
			if (!carolRemovedAt && now - started > 28_000) {
				const other = TokenStore.open({dir});
				await logout(other, other.find('carol')!.id);
				carolRemovedAt = Date.now();
			}
			await pause(200);
		}
		const added = await keepAlive.waitForLine(/carol: picked up/);
		const removed = await keepAlive.waitForLine(/carol: removed from the store/);
		assert.ok(added && removed);
		assert.equal(await keepAlive.stop(), 0);
		assert.match(keepAlive.lines.at(-1)!, /keep-alive stopped$/);
		assert.equal(existsSync(path.join(dir, 'keep-alive.pid')), false, 'the pid file goes with it');

		assert.deepEqual(problems, [], 'never critical, expired or failing');
		// Carol's own login is the only one: nobody was asked for a password.
		assert.equal(server().counters.loginAttempts - loginsBefore, 1);
		const refreshed = keepAlive.lines.filter(line => /^(alice|bob): refreshed/.test(line.slice(20)));
		assert.ok(refreshed.length >= 8, `${refreshed.length} renewals of alice and bob in 40 s:\n${keepAlive.lines.join('\n')}`);
		for (const line of keepAlive.lines) {
			assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S/, 'every line starts with the local time');
			for (const token of tokens) assert.ok(!line.includes(token), 'a token in the log');
		}
		assert.ok(tokens.size >= 8);
	});

	it('picks up an added account within two seconds', async t => {
		const dir = tempConfigDir(t);
		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/looks after 0 accounts/);
		await loginZettelstore(TokenStore.open({dir}), {url: server().url, user: 'alice', password: 'pw-a', name: 'late'});
		const loggedIn = Date.now();
		await keepAlive.waitForLine(/late: picked up \(new zettelstore account\)/, {timeoutMs: 2_500});
		assert.ok(Date.now() - loggedIn <= 2_500);
		assert.equal(await keepAlive.stop(), 0);
	});

	it('--json writes one JSON object per event line; SIGINT also ends it with 0', async t => {
		const dir = tempConfigDir(t);
		const account = await loginZettelstore(TokenStore.open({dir}), {url: server().url, user: 'bob', password: 'pw-b', name: 'bob'});
		const keepAlive = startKeepAlive(dir, ['--json']);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/"event":"refreshed"/, {timeoutMs: 20_000});
		keepAlive.signal('SIGINT');
		assert.equal(await keepAlive.exit, 0);
		const events = keepAlive.lines.map(line => JSON.parse(line) as Record<string, unknown>);
		assert.deepEqual(events.map(event => event.event), ['started', 'refreshed', 'stopped']);
		const refreshed = events[1]!;
		assert.equal(refreshed.account, 'bob');
		assert.equal(refreshed.service, 'zettelstore');
		assert.ok(Date.parse(refreshed.expiresAt as string) > Date.parse(refreshed.time as string));
		assert.ok(!keepAlive.lines.join('\n').includes(account.token));
	});

	it('runs once per store: a second one exits naming the first one’s pid; of two started together exactly one runs; a stale pid file is taken over', async t => {
		const dir = tempConfigDir(t);
		const first = startKeepAlive(dir);
		t.after(() => first.signal('SIGKILL'));
		await first.waitForLine(/looks after/);
		const second = startKeepAlive(dir);
		assert.equal(await second.exit, 1);
		assert.match(second.lines.join('\n'), new RegExp(`a keep-alive \\(pid ${first.pid}, started [^)]+\\) already looks after`));
		assert.equal(await first.stop(), 0);

		for (let round = 0; round < 4; round++) {
			if (round >= 2) {
				// Left by a keep-alive that was killed: its pid is gone.
				const dead = spawn(process.execPath, ['-e', '0']);
				await new Promise(resolve => dead.on('close', resolve));
				writeFileSync(path.join(dir, 'keep-alive.pid'), `${JSON.stringify({pid: dead.pid, host: (await import('node:os')).hostname(), startedAt: Date.now() - 60_000})}\n`, {mode: 0o600});
			}
			const pair = [startKeepAlive(dir), startKeepAlive(dir)];
			t.after(() => pair.forEach(one => one.signal('SIGKILL')));
			const loser = await Promise.race(pair.map(one => one.exit.then(() => one)));
			const winner = pair.find(one => one !== loser)!;
			await winner.waitForLine(/looks after/);
			assert.match(loser.lines.join('\n'), new RegExp(`pid ${winner.pid}, started`), `round ${round}: ${loser.lines.join(' / ')}`);
			assert.equal(await loser.exit, 1);
			await pause(300);
			assert.equal(winner.exited, false, `round ${round}: exactly one runs`);
			assert.equal(await winner.stop(), 0);
		}
	});

	it('the open app says that a keep-alive looks after the store', async t => {
		const dir = tempConfigDir(t);
		await loginZettelstore(TokenStore.open({dir}), {url: server().url, user: 'alice', password: 'pw-a', name: 'alice'});
		const keepAlive = startKeepAlive(dir);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/looks after 1 account/);
		const manager = new TokenManager(TokenStore.open({dir}), {pollMs: 100});
		manager.start();
		t.after(() => manager.stop());
		assert.equal(manager.getSnapshot().keptAliveBy, keepAlive.pid);
		const app = render(<App manager={manager} />);
		t.after(() => app.unmount());
		await waitForContent(app.lastFrame, frame => stripAnsi(frame).split('\n')[0]!.includes(`kept alive by pid ${keepAlive.pid}`));
		assert.equal(await keepAlive.stop(), 0);
		await waitForContent(app.lastFrame, frame => !stripAnsi(frame).includes('kept alive by'), 3000);
		assert.equal(manager.getSnapshot().keptAliveBy, undefined);
	});
});
