/**
 * A full disk (a real small tmpfs, filled by the test) while tokentop saves: the error says the
 * disk is full, the state saved before stays readable and whole, and once there is room again
 * nothing is missing — also for a Bluesky refresh whose rotated token could not be saved.
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, before, describe, it} from 'node:test';
import type {BlueskyAccount} from '../../source/services/bluesky/account.js';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import * as bluesky from '../../source/services/bluesky/api.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {type BlueskyStandIn, startBlueskyStandIn} from '../../source/standins/bluesky-server.js';
import {startZettelstoreStandIn, type ZettelstoreStandIn} from '../../source/standins/zettelstore-server.js';
import {runCli} from '../support/cli.js';
import {type Tmpfs, pageBytes, tmpfsOrSkip, withTmpfs} from '../support/tmpfs.js';

/** The disk-full line: names the folder, says it in words, says nothing was lost. */
function assertDiskFull(stderr: string, dir: string, what: string): void {
	const lines = stderr.trim().split('\n');
	assert.equal(lines.length, 1, `${what}: ${stderr}`);
	assert.ok(lines[0]!.includes(dir), `${what} names the folder: ${stderr}`);
	assert.match(lines[0]!, /the disk is full \(ENOSPC\); what was saved before is kept/, what);
}

describe('a full disk while saving', () => {
	let bsky: BlueskyStandIn;
	let zettel: ZettelstoreStandIn;
	before(async () => {
		bsky = await startBlueskyStandIn({loginDelayMs: 0, didDocWithSession: false});
		zettel = await startZettelstoreStandIn({users: {owner: 'pw', second: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600});
	});
	after(async () => {
		await bsky.close();
		await zettel.close();
	});

	/** Runs `body` on a store folder inside a fresh 64 KiB tmpfs (skipped loudly where none can be mounted). */
	async function onSmallTmpfs(t: Parameters<typeof tmpfsOrSkip>[0], body: (dir: string, tmpfs: Tmpfs) => Promise<void>): Promise<void> {
		if (!tmpfsOrSkip(t)) return;
		await withTmpfs(64 * 1024, tmpfs => body(path.join(tmpfs.dir, 'store'), tmpfs));
	}
	const loginZettelstore = (dir: string, user: string, name: string) => runCli(['login', 'zettelstore', zettel.url, user, '--password-stdin', '--name', name], {configDir: dir, input: 'pw'});

	it('a Bluesky refresh whose rotated token cannot be saved: exit 1, "disk is full", the old tokens readable and still good', async t => {
		await onSmallTmpfs(t, async (dir, tmpfs) => {
			const alice = bsky.createAccount('alice.test');
			const login = await runCli(['login', 'bluesky', alice.handle, '--service', bsky.url, '--password-stdin', '--name', 'me'], {configDir: dir, input: alice.password});
			assert.equal(login.code, 0, login.stderr);
			const saved = TokenStore.open({dir}).find('me') as BlueskyAccount;
			const configBefore = readFileSync(path.join(dir, 'config.json'));

			// Room for the two lock files (a page each) and not one page more: the journal line does not fit.
			tmpfs.fill(2 * pageBytes);
			assert.equal(tmpfs.freeBytes(), 2 * pageBytes);
			const refreshesBefore = bsky.counters.refreshesOk;
			const refresh = await runCli(['refresh', 'me'], {configDir: dir});
			assert.equal(refresh.code, 1, refresh.stderr);
			assertDiskFull(refresh.stderr.replace(/^me: /, ''), dir, 'refresh');
			assert.equal(bsky.counters.refreshesOk, refreshesBefore + 1, 'the server did rotate the token: the save is what failed');

			// What was saved before: the same bytes, read as before, the access token still handed out.
			assert.deepEqual(readFileSync(path.join(dir, 'config.json')), configBefore);
			assert.equal(statSync(path.join(dir, 'journal.ndjson'), {throwIfNoEntry: false})?.size ?? 0, 0, 'no half line left in the journal');
			const token = await runCli(['token', 'me'], {configDir: dir});
			assert.equal(token.code, 0, token.stderr);
			assert.equal(token.stdout, `${saved.accessJwt}\n`);
			assert.deepEqual(readdirSync(dir).filter(name => name.includes('.tmp')), [], 'no temp file left taking up space');

			// With room again the stored refresh token still works (within the server's grace): nothing was lost.
			tmpfs.unfill();
			const again = await runCli(['refresh', 'me'], {configDir: dir});
			assert.equal(again.code, 0, again.stderr);
			const after = TokenStore.open({dir}).find('me') as BlueskyAccount;
			assert.notEqual(after.refreshJwt, saved.refreshJwt);
			const session = await bluesky.refreshSession(bsky.url, after.refreshJwt);
			assert.equal(session.did, saved.did);
		});
	});

	it('a journal append cut short by the full disk is cut back: the journal keeps exactly what it had', async t => {
		await onSmallTmpfs(t, async (dir, tmpfs) => {
			const login = await loginZettelstore(dir, 'owner', 'zs');
			assert.equal(login.code, 0, login.stderr);
			const saved = TokenStore.open({dir}).find('zs') as ZettelstoreAccount;
			// A journal holding one saved record, padded so that its last page has room for only part of the next line.
			const journal = path.join(dir, 'journal.ndjson');
			const record = JSON.stringify({put: {...saved, revision: saved.revision + 1}});
			const padding = ' '.repeat(2 * pageBytes - 200 - Buffer.byteLength(record) - 2);
			writeFileSync(journal, `${record.slice(0, -1)}${padding}}\n`, {mode: 0o600});
			const journalBefore = readFileSync(journal);
			assert.equal(TokenStore.open({dir}).find('zs')!.revision, saved.revision + 1, 'the padded record reads');

			tmpfs.fill(2 * pageBytes);
			const refresh = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(refresh.code, 1, refresh.stderr);
			assertDiskFull(refresh.stderr.replace(/^zs: /, ''), dir, 'refresh');
			assert.deepEqual(readFileSync(journal), journalBefore, 'the part that fitted was cut off again');
			assert.equal((await runCli(['token', 'zs'], {configDir: dir})).stdout, `${saved.token}\n`);

			tmpfs.unfill();
			const again = await runCli(['refresh', 'zs'], {configDir: dir});
			assert.equal(again.code, 0, again.stderr);
			assert.equal(TokenStore.open({dir}).find('zs')!.revision, saved.revision + 2);
		});
	});

	it('a login whose config rewrite does not fit: exit 1, "disk is full", the config as it was, no temp file left', async t => {
		await onSmallTmpfs(t, async (dir, tmpfs) => {
			const first = await loginZettelstore(dir, 'owner', 'first');
			assert.equal(first.code, 0, first.stderr);
			const configBefore = readFileSync(path.join(dir, 'config.json'));

			// Room for the store lock only: the new config.json's temp file does not fit.
			tmpfs.fill(pageBytes);
			const second = await loginZettelstore(dir, 'second', 'second');
			assert.equal(second.code, 1, second.stderr);
			assertDiskFull(second.stderr.replace(/^tokentop: /, ''), dir, 'login');
			assert.deepEqual(readFileSync(path.join(dir, 'config.json')), configBefore);
			assert.deepEqual(readdirSync(dir).filter(name => name.includes('.tmp')), []);
			const list = await runCli(['list', '--json'], {configDir: dir});
			assert.deepEqual(JSON.parse(list.stdout).map((account: {name: string}) => account.name), ['first']);

			tmpfs.unfill();
			const retry = await loginZettelstore(dir, 'second', 'second');
			assert.equal(retry.code, 0, retry.stderr);
		});
	});
});
