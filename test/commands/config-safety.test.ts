/**
 * What the commands do with a config they cannot trust, and with a file that is too open.
 */
import assert from 'node:assert/strict';
import {chmodSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {TokenStore} from '../../source/services/store/token-store.js';
import {zettelstoreRecord} from '../support/accounts.js';
import {runCli, tempConfigDir} from '../support/cli.js';

describe('config safety in the commands', () => {
	for (const [what, content, message] of [
		['is not JSON', '{"version": 1, "accounts": [{"id"', /is not valid JSON/],
		['breaks the schema', '{"version": 1, "accounts": [{"id": "x", "name": "n", "service": "mastodon", "url": "u", "status": "ok", "revision": 0}]}', /does not match tokentop's format .*service/],
		['comes from a newer tokentop', '{"version": 2, "accounts": []}', /newer tokentop \(format 2/],
	] as const) {
		it(`a config that ${what}: one clear line, exit 1, the file untouched and a copy kept`, async t => {
			const dir = tempConfigDir(t);
			const file = path.join(dir, 'config.json');
			writeFileSync(file, content, {mode: 0o600});
			for (const args of [['list'], ['token', 'n'], ['refresh', '--all'], ['login', 'zettelstore', 'http://127.0.0.1:9', 'u', '--password-stdin']]) {
				const result = await runCli(args, {configDir: dir, input: 'pw'});
				assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
				assert.match(result.stderr, message);
				assert.match(result.stderr, /copy kept at .*config\.json\.bad-/);
				assert.equal(result.stderr.trim().split('\n').length, 1);
				assert.equal(readFileSync(file, 'utf8'), content, 'never overwritten');
			}
			assert.ok(readdirSync(dir).some(name => name.startsWith('config.json.bad-')));
		});
	}

	it('tightens a config file readable by others, and says so', async t => {
		const dir = tempConfigDir(t);
		const store = TokenStore.open({dir});
		await store.update(() => [zettelstoreRecord({name: 'zs'})]);
		chmodSync(store.path, 0o644);
		const result = await runCli(['list'], {configDir: dir});
		assert.equal(result.code, 0);
		assert.match(result.stderr, /Tightened .*config\.json from 0644 to 0600/);
		assert.equal(statSync(store.path).mode & 0o777, 0o600);
		const again = await runCli(['list'], {configDir: dir});
		assert.equal(again.stderr, '', 'said once');
	});

	it('refuses to send credentials over plain http to another host unless --insecure', async t => {
		const dir = tempConfigDir(t);
		const refused = await runCli(['login', 'zettelstore', 'http://zettel.example', 'owner', '--password-stdin'], {configDir: dir, input: 'pw'});
		assert.equal(refused.code, 2);
		assert.match(refused.stderr, /plain http.*--insecure/);
		const allowed = await runCli(['login', 'zettelstore', 'http://zettel.invalid', 'owner', '--password-stdin', '--insecure'], {configDir: dir, input: 'pw', env: {TOKENTOP_HTTP_TIMEOUT_MS: '3000'}});
		assert.match(allowed.stderr, /warning: --insecure/);
		assert.equal(allowed.code, 4, 'it tried (and found no such host)');
	});
});
