/**
 * A --config-dir that does not exist: only a login makes it; every other command says there is
 * no store there (exit 2) and leaves the file system as it was.
 */
import assert from 'node:assert/strict';
import {existsSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {runCli, tempConfigDir} from '../support/cli.js';

describe('a config folder that does not exist', () => {
	const server = zettelstoreForSuite();

	it('list, token, refresh and logout say there is no store there, exit 2, and create nothing', async t => {
		const dir = path.join(tempConfigDir(t), 'typo', 'tokentop');
		for (const args of [['list'], ['list', '--json'], ['token', 'me'], ['refresh', '--all'], ['refresh', 'me'], ['logout', 'me']]) {
			const result = await runCli(['--config-dir', dir, ...args], {configDir: '/nonexistent-env-dir'});
			assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
			assert.equal(result.stdout, '');
			assert.equal(result.stderr, `tokentop: No tokentop store at ${dir} — log in first (tokentop login …), or check --config-dir\n`);
		}
		assert.equal(existsSync(path.dirname(dir)), false, 'nothing was created');
	});

	it('a failed login creates nothing; a login creates the folder 0700 and the config 0600', async t => {
		const dir = path.join(tempConfigDir(t), 'new', 'tokentop');
		const refused = await runCli(['login', 'zettelstore', server().url, 'owner', '--password-stdin'], {configDir: dir, input: 'wrong'});
		assert.equal(refused.code, 3, refused.stderr);
		assert.equal(existsSync(path.dirname(dir)), false, 'a refused login leaves no folder behind');
		const login = await runCli(['login', 'zettelstore', server().url, 'owner', '--password-stdin', '--name', 'me'], {configDir: dir, input: 'pw'});
		assert.equal(login.code, 0, login.stderr);
		assert.equal(statSync(dir).mode & 0o777, 0o700);
		assert.equal(statSync(path.join(dir, 'config.json')).mode & 0o777, 0o600);
		const list = await runCli(['list', '--json'], {configDir: dir});
		assert.equal(list.code, 0, list.stderr);
		assert.deepEqual(JSON.parse(list.stdout).map((account: {name: string}) => account.name), ['me']);
	});
});
