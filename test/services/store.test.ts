import assert from 'node:assert/strict';
import {chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {isServiceError} from '../../source/services/errors.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {tempConfigDir} from '../support/temp-store.js';

describe('TokenStore', () => {
	it('creates config.json 0600 in a 0700 folder, with a version and the accounts', async t => {
		const dir = path.join(tempConfigDir(t), 'nested');
		const store = TokenStore.open({dir});
		await store.update(accounts => [...accounts, zettelstoreRecord({name: 'with.dots.in.name'})]);
		assert.equal(statSync(store.path).mode & 0o777, 0o600);
		assert.equal(statSync(dir).mode & 0o777, 0o700);
		const data = JSON.parse(readFileSync(store.path, 'utf8'));
		assert.equal(data.version, 1);
		assert.equal(data.accounts[0].name, 'with.dots.in.name');
		assert.equal(TokenStore.open({dir}).find('with.dots.in.name')?.name, 'with.dots.in.name');
	});

	it('tightens a looser file and folder, with a notice', async t => {
		const dir = tempConfigDir(t);
		await TokenStore.open({dir}).update(() => [zettelstoreRecord()]);
		chmodSync(path.join(dir, 'config.json'), 0o644);
		chmodSync(dir, 0o755);
		const store = TokenStore.open({dir});
		assert.equal(statSync(store.path).mode & 0o777, 0o600);
		assert.equal(statSync(dir).mode & 0o777, 0o700);
		assert.equal(store.notices.length, 2);
		assert.match(store.notices.join('\n'), /from 0644 to 0600/);
		assert.match(store.notices.join('\n'), /from 0755 to 0700/);
	});

	it('leaves a shared folder such as /tmp open, and says why it is a poor place', t => {
		const dir = tempConfigDir(t);
		chmodSync(dir, 0o1777);
		const store = TokenStore.open({dir});
		assert.equal(statSync(dir).mode & 0o7777, 0o1777, 'a sticky, shared folder is not closed to its other users');
		assert.match(store.notices.join('\n'), /is a shared folder \(01777\).*use a folder of your own/);
	});

	for (const [what, content, message] of [
		['not JSON', '{"version": 1, "accounts": [', /is not valid JSON/],
		['against the schema', '{"version": 1, "accounts": [{"id": "a.b", "name": "x"}]}', /does not match tokentop's format/],
		['from a newer version', '{"version": 9, "accounts": []}', /written by a newer tokentop \(format 9/],
	] as const) {
		it(`refuses a config ${what}: says so, keeps a copy, never overwrites it`, t => {
			const dir = tempConfigDir(t);
			const file = path.join(dir, 'config.json');
			writeFileSync(file, content, {mode: 0o600});
			assert.throws(
				() => TokenStore.open({dir}),
				(error: unknown) => {
					assert.ok(isServiceError(error) && error.kind === 'config');
					assert.match(error.message, message);
					assert.ok(error.details.backupPath && readFileSync(error.details.backupPath, 'utf8') === content);
					return true;
				},
			);
			assert.equal(readFileSync(file, 'utf8'), content);
			assert.ok(readdirSync(dir).some(name => name.startsWith('config.json.bad-')));
		});
	}

	it('saves credential changes durably in the journal and folds them into config.json', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir, journalFoldBytes: 2000});
		const account = zettelstoreRecord();
		await store.update(() => [account]);
		const configBefore = readFileSync(store.path, 'utf8');
		assert.equal(await store.saveAccount({...account, token: 'second', revision: 1}), true);
		assert.equal(readFileSync(store.path, 'utf8'), configBefore, 'one small append, no rewrite');
		assert.equal(TokenStore.open({dir}).find('zs')?.service === 'zettelstore' && TokenStore.open({dir}).read()[0]!.revision, 1);
		for (let revision = 2; revision < 10; revision++) await store.saveAccount({...account, token: `t${revision}`, revision});
		assert.ok(statSync(store.journalPath).size < 2000, 'folded when it grew');
		await store.compact();
		assert.equal(statSync(store.journalPath).size, 0);
		assert.equal(JSON.parse(readFileSync(store.path, 'utf8')).accounts[0].token, 't9');
	});

	it('never lets an older revision overwrite a newer one, nor resurrect a removed account', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		const account = zettelstoreRecord();
		await store.update(() => [account]);
		assert.equal(await store.saveAccount({...account, token: 'newer', revision: 5}), true);
		assert.equal(await store.saveAccount({...account, token: 'older', revision: 4}), false);
		assert.equal((store.read()[0] as {token: string}).token, 'newer');
		await store.update(() => []);
		assert.equal(await store.saveAccount({...account, revision: 6}), false);
		assert.deepEqual(store.read(), []);
	});

	it('ignores a torn last journal line (a process killed mid-append)', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		const account = zettelstoreRecord();
		await store.update(() => [account]);
		await store.saveAccount({...account, token: 'kept', revision: 1});
		writeFileSync(store.journalPath, readFileSync(store.journalPath, 'utf8') + '{"put":{"id":"', {flag: 'w'});
		assert.equal((TokenStore.open({dir}).read()[0] as {token: string}).token, 'kept');
	});

	it('opens a folder that does not exist without making it; the first write makes it', async t => {
		const dir = path.join(tempConfigDir(t), 'not', 'yet');
		const store = TokenStore.open({dir});
		assert.equal(store.exists(), false);
		assert.deepEqual(store.read(), []);
		await store.compact();
		assert.equal(existsSync(path.dirname(dir)), false, 'reading and an empty fold write nothing');
		assert.throws(() => store.requireExisting(), (error: unknown) => isServiceError(error) && error.kind === 'no-store' && error.message.includes(dir));
		await store.update(() => [zettelstoreRecord()]);
		assert.equal(store.exists(), true);
		assert.equal(statSync(path.join(dir, 'locks')).mode & 0o777, 0o700);
	});

	it('saves made at once all land in the journal, one line each, and read back', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		const accounts = Array.from({length: 5}, (_, index) => zettelstoreRecord({name: `zs${index}`}));
		await store.update(() => accounts);
		const results = await Promise.all(accounts.map(account => store.saveAccount({...account, token: `new-${account.name}`, revision: 1})));
		assert.deepEqual(results, [true, true, true, true, true]);
		const lines = readFileSync(store.journalPath, 'utf8').trim().split('\n');
		assert.equal(lines.length, 5);
		assert.deepEqual(TokenStore.open({dir}).read().map(account => (account as {token: string}).token).sort(), accounts.map(account => `new-${account.name}`).sort());
	});
});
