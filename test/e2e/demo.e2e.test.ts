/**
 * `tokentop demo` as a person runs it: the built binary in a real terminal (tmux), from the
 * first screen to leaving, and nothing left behind. TMPDIR points at a folder of this test's
 * own, so the demo's throw-away folder is found there and nowhere else.
 */
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, it} from 'node:test';
import {cliPath} from '../support/cli.js';
import {TmuxSession} from '../support/tmux.js';

const demoNames = ['alice.test', 'bob.test', 'carol.test', 'dave.test', 'owner@notes', 'writer@archive', 'reader@wiki', 'guest@open'];

describe('tokentop demo in a terminal', () => {
	it('shows the demo accounts, moves, refreshes, leaves, and removes its folder', async t => {
		const tempRoot = mkdtempSync(path.join(tmpdir(), 'tokentop-demo-e2e-'));
		t.after(() => rmSync(tempRoot, {recursive: true, force: true}));
		const app = new TmuxSession(`${process.execPath} ${cliPath} demo`, {columns: 120, rows: 30, env: {TMPDIR: tempRoot, NO_COLOR: '1'}});
		t.after(() => app.kill());

		// The stderr line comes first; the app's header only on its own screen.
		let screen = await app.waitForText(/tokentop +8 accounts/);
		assert.ok(app.alternateScreen(), `the demo runs on the alternate screen:\n${screen}`);
		screen = await app.waitFor(text => demoNames.every(name => text.includes(name)), 'every demo account');
		const folders = readdirSync(tempRoot);
		assert.equal(folders.length, 1, `one throw-away folder while running: ${folders.join(', ')}`);
		assert.match(folders[0]!, /^tokentop-demo-/);

		// Sorted by name, the first account is selected; j moves to the second.
		await app.waitForText(/handle\s+alice\.test/);
		app.press('j');
		await app.waitForText(/handle\s+bob\.test/);

		app.press('r');
		screen = await app.waitForText(/refreshed bob\.test/);
		assert.match(screen, /bob\.test\s+\S+\s+\S+\s+1m \d\ds/, 'bob.test has a fresh 75 s token');

		app.press('q');
		await app.waitFor(() => app.exited(), 'the demo to exit');
		assert.equal(app.alternateScreen(), false, 'back on the normal screen');
		screen = screenWithHistory(app);
		assert.match(screen, /8 accounts on local stand-in servers; nothing leaves this machine/);
		assert.match(screen, /servers stopped, throw-away config removed/);
		const printed = screen.match(/throw-away config in (\S+), removed when you leave/)?.[1];
		assert.equal(printed, path.join(tempRoot, folders[0]!), 'the folder named on stderr is the one that was made');
		assert.equal(existsSync(printed), false, 'the throw-away folder is gone');
		assert.deepEqual(readdirSync(tempRoot), [], 'nothing else left behind');
	});

	it('shows its one password, and with it an account is added and removed inside the demo', async t => {
		const tempRoot = mkdtempSync(path.join(tmpdir(), 'tokentop-demo-e2e-'));
		t.after(() => rmSync(tempRoot, {recursive: true, force: true}));
		const app = new TmuxSession(`${process.execPath} ${cliPath} demo`, {columns: 140, rows: 30, env: {TMPDIR: tempRoot, NO_COLOR: '1'}});
		t.after(() => app.kill());
		await app.waitForText(/tokentop 8 accounts.*demo password: demo-password/);
		app.press('a');
		const form = await app.waitForText(/Demo: add bluesky erin\.test at (http:\/\/127\.0\.0\.1:\d+), password demo-password/);
		const url = form.match(/erin\.test at (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
		app.press('Tab', 'C-u');
		app.type(url);
		app.press('Tab');
		app.type('erin.test');
		app.press('Tab');
		app.type('demo-password');
		// A person sees the password in before Enter (text and Enter read at once would be a paste).
		await app.waitForText(`${'•'.repeat('demo-password'.length)}▌`);
		app.press('Enter');
		app.press('Enter');
		await app.waitForText('added erin.test');
		await app.waitForText('9 accounts');
		app.press('d');
		await app.waitForText('Remove erin.test? (y/n)');
		app.press('y');
		await app.waitForText('removed erin.test');
		await app.waitForText('8 accounts');
		app.press('q');
		await app.waitFor(() => app.exited(), 'the demo to exit');
	});
});

/** The normal screen with its scrollback: its first lines may have scrolled into the history. */
function screenWithHistory(app: TmuxSession): string {
	return execFileSync('tmux', ['capture-pane', '-p', '-S', '-', '-t', app.name], {encoding: 'utf8'});
}
