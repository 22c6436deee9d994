/**
 * A store that cannot be written: a read-only file system (a real tmpfs remounted read-only)
 * and a folder another user owns (the built binary run as `nobody`; root ignores modes). What
 * only reads keeps working; what must write fails with one line naming the folder and the
 * reason, exit 1, before anything is sent to a server.
 */
import assert from 'node:assert/strict';
import {chmodSync, chownSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import type {ZettelstoreAccount} from '../../source/services/zettelstore/account.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {TokenManager} from '../../source/services/token-manager.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {type CliUser, cliPath, nobody, runCli, tempConfigDir} from '../support/cli.js';
import {rootOrSkip} from '../support/skip.js';
import {tmpfsOrSkip, withTmpfs} from '../support/tmpfs.js';
import {TmuxSession} from '../support/tmux.js';

describe('a store that cannot be written', () => {
	const server = zettelstoreForSuite({users: {owner: 'pw', second: 'pw', third: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600});

	/** Two accounts logged in for real: "zs" (valid) and "old" (its token expired). */
	async function seed(dir: string): Promise<{zs: ZettelstoreAccount; old: ZettelstoreAccount}> {
		// Two identities: the same one twice would be a re-login of the stored account.
		for (const [name, user] of [['zs', 'owner'], ['old', 'third']] as const) {
			const login = await runCli(['login', 'zettelstore', server().url, user, '--password-stdin', '--name', name], {configDir: dir, input: 'pw'});
			assert.equal(login.code, 0, login.stderr);
		}
		await TokenStore.open({dir}).update(accounts =>
			accounts.map(account => (account.name === 'old' ? {...account, tokenExpiresAt: Date.now() - 60_000, revision: account.revision + 1} : account)),
		);
		const store = TokenStore.open({dir});
		return {zs: store.find('zs') as ZettelstoreAccount, old: store.find('old') as ZettelstoreAccount};
	}

	async function readsWork(dir: string, zs: ZettelstoreAccount, user?: CliUser): Promise<void> {
		const list = await runCli(['list', '--json'], {configDir: dir, user});
		assert.equal(list.code, 0, list.stderr);
		assert.equal(list.stderr, '');
		assert.deepEqual(JSON.parse(list.stdout).map((account: {name: string}) => account.name), ['old', 'zs']);
		const token = await runCli(['token', 'zs'], {configDir: dir, user});
		assert.equal(token.code, 0, token.stderr);
		assert.equal(token.stdout, `${zs.token}\n`);
	}

	/** refresh, a token that needs one, logout and login: one line naming the folder and the reason, exit 1, no request sent. */
	async function writesRefused(dir: string, reason: RegExp, user?: CliUser): Promise<void> {
		const configBefore = readFileSync(path.join(dir, 'config.json'), 'utf8');
		const requestsBefore = server().counters.requests;
		for (const args of [['refresh', 'zs'], ['refresh', '--all'], ['token', 'old'], ['logout', 'zs'], ['login', 'zettelstore', server().url, 'second', '--password-stdin']]) {
			const result = await runCli(args, {configDir: dir, input: 'pw', user});
			const what = `tokentop ${args.join(' ')}: ${result.stderr}`;
			assert.equal(result.code, 1, what);
			assert.equal(result.stdout, '', what);
			const lines = result.stderr.trim().split('\n');
			// refresh --all says it once per account, each line whole, then sums up.
			if (args.includes('--all')) assert.match(lines.pop()!, /^refreshed 0, failed 2 \(old: could not save; zs: could not save\)$/, what);
			assert.equal(lines.length, args.includes('--all') ? 2 : 1, what);
			for (const line of lines) {
				assert.ok(line.includes(`Cannot write to ${dir}`), what);
				assert.match(line, reason, what);
				assert.doesNotMatch(line, /Unexpected|System error/, what);
			}
		}
		assert.equal(server().counters.requests, requestsBefore, 'nothing was sent to the server');
		assert.equal(readFileSync(path.join(dir, 'config.json'), 'utf8'), configBefore, 'nothing was changed');
	}

	it('on a read-only file system: list, token of a valid token and the app work; what writes fails with one line', async t => {
		if (!tmpfsOrSkip(t)) return;
		await withTmpfs(1024 * 1024, async tmpfs => {
			const dir = path.join(tmpfs.dir, 'store');
			const {zs} = await seed(dir);
			tmpfs.readOnly();
			await readsWork(dir, zs);
			await writesRefused(dir, /: read-only file system \(EROFS\)/);

			// The app's services: the accounts are there; a refresh is refused with the reason.
			const manager = new TokenManager(TokenStore.open({dir}));
			assert.deepEqual(
				manager.getSnapshot().entries.map(entry => entry.account.name),
				['old', 'zs'],
			);
			const outcome = await manager.refresh(zs.id);
			assert.equal(outcome.ok, false);
			assert.ok(!outcome.ok && outcome.kind === 'storage' && outcome.message.includes(`Cannot write to ${dir}: read-only file system`), JSON.stringify(outcome));

			// The app itself, in a terminal: opens, shows the accounts, says why r cannot work, and leaves cleanly.
			const app = new TmuxSession(`${process.execPath} ${cliPath} --config-dir ${dir}`, {columns: 160, rows: 20});
			try {
				await app.waitFor(screen => screen.includes('2 accounts') && screen.includes('zs') && screen.includes('old'), 'the accounts');
				app.press('G');
				app.press('r');
				await app.waitForText(/read-only file system/);
				app.press('q');
				await app.waitFor(() => app.exited(), 'the app to exit');
				assert.doesNotMatch(app.screen(), /not folded|Unexpected|crashed/);
			} finally {
				app.kill();
			}
		});
	});

	it('in a folder the user may not write: the same, saying permission denied', async t => {
		if (!rootOrSkip(t)) return;
		const parent = tempConfigDir(t);
		chmodSync(parent, 0o755);
		const dir = path.join(parent, 'store');
		const {zs} = await seed(dir);
		// nobody owns the store but may not write it: files 0400, folders 0500.
		for (const name of ['', 'locks', ...readdirSync(dir).filter(entry => entry !== 'locks')]) {
			const target = path.join(dir, name);
			chownSync(target, nobody.uid, nobody.gid);
			chmodSync(target, name === '' || name === 'locks' ? 0o500 : 0o400);
		}
		await readsWork(dir, zs, nobody);
		await writesRefused(dir, /: permission denied \(EACCES\)/, nobody);
	});
});
