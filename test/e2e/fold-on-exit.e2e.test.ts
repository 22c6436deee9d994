/**
 * The journal is folded into config.json when the app closes: after `r` the rotated token is a
 * journal line; after `q` it is in config.json and the journal is empty.
 */
import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {TmuxSession} from '../support/tmux.js';

describe('the app on its way out', () => {
	const zettelstore = zettelstoreForSuite();

	it('folds the journal into config.json when it closes', async t => {
		const dir = tempConfigDir(t);
		const login = await runCli(['login', 'zettelstore', zettelstore().url, 'owner', '--password-stdin', '--name', 'zs'], {configDir: dir, input: 'pw'});
		assert.equal(login.code, 0, login.stderr);
		const journal = path.join(dir, 'journal.ndjson');
		const config = () => JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {accounts: Array<{revision: number}>};
		const revisionBefore = config().accounts[0]!.revision;

		const app = new TmuxSession(`${process.execPath} ${cliPath} --config-dir ${dir}`, {columns: 120, rows: 24});
		t.after(() => app.kill());
		await app.waitForText('1 account');
		app.press('r');
		// A young Zettelstore token comes back unchanged: still a new revision, in the journal.
		await app.waitForText(/refreshed zs|zs: still valid, unchanged/);
		assert.ok(statSync(journal).size > 0, 'the refresh went to the journal');
		assert.equal(config().accounts[0]!.revision, revisionBefore, 'config.json not rewritten for a refresh');

		app.press('q');
		await app.waitFor(() => app.exited(), 'the app to exit');
		assert.equal(statSync(journal).size, 0, 'the journal was folded');
		assert.equal(config().accounts[0]!.revision, revisionBefore + 1, 'config.json holds the refreshed account');
		assert.doesNotMatch(app.screen(), /not folded|Unexpected/);
	});
});
