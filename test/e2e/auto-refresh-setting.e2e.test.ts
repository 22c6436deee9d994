/**
 * Auto-refresh in the built app, in a real terminal: on by default, `A` turns it off and the
 * choice is remembered in settings.json (0600) for the next start; `--no-auto-refresh` turns it
 * off for one run without changing what is remembered.
 */
import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {TmuxSession} from '../support/tmux.js';

const header = (screen: string) => screen.split('\n')[0] ?? '';

describe('auto-refresh setting in the app', () => {
	const zettelstore = zettelstoreForSuite();

	async function openApp(t: {after: (fn: () => void) => void}, dir: string, extra = ''): Promise<TmuxSession> {
		const app = new TmuxSession(`${process.execPath} ${cliPath} --config-dir ${dir}${extra}`, {columns: 100, rows: 20});
		t.after(() => app.kill());
		await app.waitForText('1 account');
		return app;
	}

	async function quit(app: TmuxSession): Promise<void> {
		app.press('q');
		await app.waitFor(() => app.exited(), 'the app to exit');
	}

	it('is on by default, A turns it off and the next start remembers; --no-auto-refresh is for one run', async t => {
		const dir = tempConfigDir(t);
		const login = await runCli(['login', 'zettelstore', zettelstore().url, 'owner', '--password-stdin', '--name', 'zs'], {configDir: dir, input: 'pw'});
		assert.equal(login.code, 0, login.stderr);
		const settingsFile = path.join(dir, 'settings.json');

		let app = await openApp(t, dir);
		let screen = await app.waitFor(text => header(text).includes('auto-refresh on'), 'auto-refresh on by default');
		assert.match(screen, /next refresh/, 'the pane shows the planned refresh');
		app.press('A');
		await app.waitFor(text => !header(text).includes('auto-refresh on'), 'auto-refresh off');
		await quit(app);
		assert.deepEqual(JSON.parse(readFileSync(settingsFile, 'utf8')), {autoRefresh: false});
		assert.equal(statSync(settingsFile).mode & 0o777, 0o600);

		app = await openApp(t, dir);
		screen = await app.waitForText('zs');
		assert.doesNotMatch(header(screen), /auto-refresh on/, 'remembered: off');
		app.press('A');
		await app.waitFor(text => header(text).includes('auto-refresh on'), 'auto-refresh on again');
		await quit(app);
		assert.deepEqual(JSON.parse(readFileSync(settingsFile, 'utf8')), {autoRefresh: true});

		app = await openApp(t, dir, ' --no-auto-refresh');
		screen = await app.waitForText('zs');
		assert.doesNotMatch(header(screen), /auto-refresh on/, 'off for this run');
		await quit(app);
		assert.deepEqual(JSON.parse(readFileSync(settingsFile, 'utf8')), {autoRefresh: true}, 'the remembered choice is unchanged');
	});
});
