/**
 * `keep-alive --write-token NAME=PATH` (repeatable), the built binary: PATH holds exactly the
 * account's current access token (mode 0600), rewritten after every refresh, and is emptied
 * when the account needs a login. Bad specs are usage errors before anything starts.
 */
import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as pause} from 'node:timers/promises';
import {after, before, describe, it} from 'node:test';
import {accessTokenOf} from '../../source/services/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {login} from '../../source/services/sessions.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {runCli, tempConfigDir} from '../support/cli.js';
import {startKeepAlive} from '../support/keep-alive-process.js';

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await pause(50);
	}
}

const read = (file: string) => {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
};

describe('keep-alive --write-token', {timeout: 90_000}, () => {
	let zettelstore: ZettelstoreStandIn;
	let pds: BlueskyStandIn;
	before(async () => {
		zettelstore = await startZettelstoreStandIn({users: {owner: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 10});
		pds = await startBlueskyStandIn({loginDelayMs: 0, accessLifetimeSeconds: 10, didDocWithSession: false});
	});
	after(async () => {
		await Promise.all([zettelstore.close(), pds.close()]);
	});

	it('keeps each file holding the current token, 0600, and empties it when the account needs a login', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		await login(store, {service: 'zettelstore', url: zettelstore.url, identifier: 'owner', password: 'pw', name: 'notes'});
		const created = pds.createAccount('alice.test');
		await login(store, {service: 'bluesky', url: pds.url, identifier: created.handle, password: created.password, name: 'alice'});
		const files = {notes: path.join(dir, 'notes.token'), alice: path.join(dir, 'alice.token')};
		const keepAlive = startKeepAlive(dir, ['--write-token', `notes=${files.notes}`, `--write-token=alice=${files.alice}`]);
		t.after(() => keepAlive.signal('SIGKILL'));
		await keepAlive.waitForLine(/looks after 2 accounts/);
		const stored = (name: string) => accessTokenOf(TokenStore.open({dir}).find(name)!);

		const seen: Record<string, Set<string>> = {notes: new Set(), alice: new Set()};
		for (const name of ['notes', 'alice'] as const) {
			const first = await until(() => read(files[name]) || undefined, `${name}'s file`);
			assert.equal(first, stored(name), `${name}: exactly the stored token, no newline`);
			assert.equal(statSync(files[name]).mode & 0o777, 0o600);
			seen[name]!.add(first);
		}
		// Two refreshes each: the file follows.
		await until(
			() => {
				for (const name of ['notes', 'alice'] as const) {
					const content = read(files[name]);
					if (content) seen[name]!.add(content);
				}
				return seen.notes!.size >= 3 && seen.alice!.size >= 3 ? true : undefined;
			},
			'two refreshes of each',
			30_000,
		);
		for (const name of ['notes', 'alice'] as const) assert.equal(read(files[name]), stored(name));
		await bluesky.getSession(pds.url, read(files.alice)!);

		// The Zettelstore server restarts with another key: the token is refused, nobody can log in unattended.
		zettelstore.setSecret('a new key after a restart');
		await keepAlive.waitForLine(/notes: needs login/, {timeoutMs: 15_000});
		await until(() => (read(files.notes) === '' ? true : undefined), 'the emptied file');
		assert.equal(statSync(files.notes).mode & 0o777, 0o600);
		assert.ok(read(files.alice)!.length > 0, 'the other file keeps its token');
		assert.equal(await keepAlive.stop(), 0);
		for (const line of keepAlive.lines) for (const token of [...seen.notes!, ...seen.alice!]) assert.ok(!line.includes(token), 'a token in the log');
	});

	it('refuses a malformed spec, an unknown account, a missing folder, one file named twice', async t => {
		const dir = tempConfigDir(t);
		await login(TokenStore.open({dir}), {service: 'zettelstore', url: zettelstore.url, identifier: 'owner', password: 'pw', name: 'notes'});
		const cases: Array<[string[], RegExp]> = [
			[['--write-token', 'notes'], /--write-token takes NAME=PATH, got "notes"/],
			[['--write-token', 'nobody=/tmp/x.token'], /no account named "nobody"/],
			[['--write-token', `notes=${path.join(dir, 'missing', 'x.token')}`], /the folder .*missing does not exist/],
			[['--write-token', `notes=${path.join(dir, 'a')}`, '--write-token', `notes=${path.join(dir, 'a')}`], /is named twice/],
			[['--write-token'], /--write-token/],
		];
		for (const [args, message] of cases) {
			const exit = await runCli(['keep-alive', ...args], {configDir: dir});
			assert.equal(exit.code, 2, `${args.join(' ')}: ${exit.stderr}`);
			assert.match(exit.stderr, message);
			assert.equal(exit.stderr.trim().split('\n').length, 1, 'one line');
		}
	});
});
