/**
 * The built app in a real terminal (tmux), against the stand-in servers: what a person sees
 * and types, from opening to leaving.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {TmuxSession} from '../support/tmux.js';

describe('the full-screen app in a terminal', () => {
	const zettelstore = zettelstoreForSuite({users: {owner: 'pw', writer: 'pw', reader: 'pw'}, loginDelayMs: 0, tokenLifetimeSeconds: 600});

	it('opens, moves, refreshes, filters, helps, and leaves the terminal as it was', async t => {
		const dir = tempConfigDir(t);
		for (const user of ['owner', 'writer', 'reader']) {
			const login = await runCli(['login', 'zettelstore', zettelstore().url, user, '--password-stdin', '--name', `zs-${user}`], {configDir: dir, input: 'pw'});
			assert.equal(login.code, 0, login.stderr);
		}
		const app = new TmuxSession(`${process.execPath} ${cliPath} --config-dir ${dir}`, {columns: 120, rows: 30});
		t.after(() => app.kill());

		let screen = await app.waitForText('3 accounts');
		assert.ok(app.alternateScreen(), `the app runs on the alternate screen:\n${screen}`);
		for (const name of ['zs-owner', 'zs-reader', 'zs-writer']) assert.ok(screen.includes(name), `${name} listed`);
		assert.ok(screen.trimEnd().split('\n').length <= 30);
		assert.match(screen, /q quit/);

		// The first account (sorted by name) is selected; j moves to the next one.
		await app.waitForText(/user\s+owner/);
		app.press('j');
		await app.waitForText(/user\s+reader/);
		app.press('Down');
		await app.waitForText(/user\s+writer/);
		app.press('k');
		await app.waitForText(/user\s+reader/);

		// r on a token past its first quarter gets a new one with the new lifetime: the expiry moves.
		const before = screen.match(/expires\s+(\S+ \S+)/)?.[1];
		zettelstore().setTokenLifetimeSeconds(3000);
		zettelstore().setClockOffset(200_000);
		t.after(() => {
			zettelstore().setClockOffset(0);
			zettelstore().setTokenLifetimeSeconds(600);
		});
		app.press('r');
		screen = await app.waitForText(/refreshed zs-reader/);
		screen = await app.waitForText(/in 49m|in 50m/);
		assert.notEqual(screen.match(/expires\s+(\S+ \S+)/)?.[1], before);

		// The countdown ticks by itself.
		const countdown = (text: string) => text.match(/zs-owner.*?(\d+m \d+s)/)?.[1];
		const first = countdown(screen);
		await app.waitFor(text => countdown(text) !== first, 'the countdown to tick');

		// / filters by name; Esc clears.
		app.press('/');
		await app.waitForText('/ filter');
		app.type('writ');
		screen = await app.waitFor(text => text.includes('zs-writer') && !text.includes('zs-owner'), 'the filtered list');
		app.press('Escape');
		await app.waitFor(text => text.includes('zs-owner') && text.includes('zs-writer'), 'the whole list again');

		// ? shows every key.
		app.press('?');
		screen = await app.waitForText(/auto-refresh/i);
		assert.match(screen, /filter/i);
		app.press('Escape');
		await app.waitForText('3 accounts');

		app.press('q');
		await app.waitFor(() => app.exited(), 'the app to exit');
		assert.equal(app.alternateScreen(), false, 'back on the normal screen');
	});
});
