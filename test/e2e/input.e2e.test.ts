/**
 * The built app in a real terminal (tmux) against the Zettelstore stand-in: pastes with line
 * breaks (bracketed and not) never act, a login that was refused is done again from the app,
 * every size from 40×12 to 200×60 reads, and every way out gives the terminal back without
 * bracketed paste.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it, type TestContext} from 'node:test';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {cliPath, runCli, tempConfigDir} from '../support/cli.js';
import {terminalSizes} from '../support/terminal-sizes.js';
import {TmuxSession} from '../support/tmux.js';

const password = 'pw';

describe('input, re-login and sizes in a real terminal', () => {
	const zettelstore = zettelstoreForSuite({users: {owner: password, writer: password, reader: password}, loginDelayMs: 0, tokenLifetimeSeconds: 600});

	/** A store with alice, bob and carol on the stand-in (no remembered passwords). */
	async function storeWithAccounts(t: TestContext): Promise<string> {
		const dir = tempConfigDir(t);
		for (const [user, name] of [
			['owner', 'alice'],
			['writer', 'bob'],
			['reader', 'carol'],
		] as const) {
			const login = await runCli(['login', 'zettelstore', zettelstore().url, user, '--password-stdin', '--name', name], {configDir: dir, input: password});
			assert.equal(login.code, 0, login.stderr);
		}
		return dir;
	}

	async function listed(dir: string): Promise<string[]> {
		const list = await runCli(['list', '--json'], {configDir: dir});
		return (JSON.parse(list.stdout) as Array<{name: string}>).map(account => account.name);
	}

	function openApp(t: TestContext, dir: string, size: {columns: number; rows: number} = {columns: 120, rows: 30}): TmuxSession {
		const app = new TmuxSession(`${process.execPath} ${cliPath} --config-dir ${dir}`, {...size, env: {NO_COLOR: '1'}});
		t.after(() => app.kill());
		return app;
	}

	it('a paste of "alice⏎dy" into the filter, bracketed or not, is text: alice stays', async t => {
		const dir = await storeWithAccounts(t);
		const app = openApp(t, dir);
		await app.waitForText('3 accounts');
		// Bracketed paste is on: a pasted "q" on the list is a paste (ignored), not the key that quits.
		app.paste('q', {bracketed: true});
		await app.waitForText('paste ignored');
		assert.equal(app.exited(), false);

		for (const bracketed of [true, false]) {
			app.press('/');
			await app.waitForText('/ filter:');
			app.paste('alice\ndy', {bracketed});
			await app.waitForText('/ filter: alice dy▌');
			assert.doesNotMatch(app.screen(), /Remove/);
			app.press('Escape');
			await app.waitFor(screen => !screen.includes('/ filter:'), 'the filter to close');
		}
		assert.deepEqual(await listed(dir), ['alice', 'bob', 'carol'], 'nothing was removed from the store');
	});

	it('a paste with line breaks into the form fills a field and sends nothing', async t => {
		const dir = await storeWithAccounts(t);
		const app = openApp(t, dir);
		await app.waitForText('3 accounts');
		app.press('a');
		await app.waitForText('Add an account');
		app.press('Right'); // Zettelstore
		await app.waitForText(/service\s+‹ zettelstore ›/);
		app.press('Tab');
		app.press('C-u');
		await app.waitForText(/› URL\s+▌/);
		app.paste(`${zettelstore().url}\n`, {bracketed: true});
		await app.waitForText(`${zettelstore().url}▌`);
		app.press('Tab');
		await app.waitForText(/› user\s+▌/);
		const attempts = zettelstore().counters.loginAttempts;
		// Not bracketed: a chunk of text with line breaks in it is taken as a paste all the same.
		app.paste('owner\n\nx', {bracketed: false});
		await app.waitForText(/user\s+owner x▌/);
		app.press('BSpace', 'BSpace');
		await app.waitForText(/user\s+owner▌/);
		app.press('Tab');
		await app.waitForText(/› password\s+▌/);
		app.paste(`${password}\n`, {bracketed: true});
		await app.waitForText(/password\s+••▌/);
		app.press('Tab');
		await app.waitForText(/› name \(optional\)\s+▌/);
		app.paste('dave\n', {bracketed: true});
		await app.waitForText(/name \(optional\)\s+dave▌/);
		assert.equal(zettelstore().counters.loginAttempts, attempts, 'no line break sent the form');
		app.press('Enter');
		app.press('Enter');
		await app.waitForText('added dave');
		assert.equal(zettelstore().counters.loginAttempts, attempts + 1);
		assert.deepEqual(await listed(dir), ['alice', 'bob', 'carol', 'dave']);
	});

	it('an account whose token the server refused is logged in again from the app (r, then Enter)', async t => {
		const dir = await storeWithAccounts(t);
		const app = openApp(t, dir);
		await app.waitForText('3 accounts');
		// A restart with another secret: every token is refused from now on.
		zettelstore().setSecret(`restarted-${Date.now()}`);
		app.press('r');
		await app.waitForText('Password for alice: ▌');
		await app.waitForText('needs login');
		app.press('Escape');
		await app.waitForText(/alice\s+⊘ needs login/);
		const logins = zettelstore().counters.logins;
		app.press('Enter');
		await app.waitForText('Password for alice: ▌');
		app.type('wrong');
		await app.waitForText('Password for alice: •••••▌');
		app.press('Enter');
		await app.waitForText('login to alice failed');
		app.type(password);
		await app.waitForText('Password for alice: ••▌');
		app.press('Enter');
		await app.waitForText('logged in again to alice');
		await app.waitForText(/alice\s+✓ ok/);
		assert.equal(zettelstore().counters.logins, logins + 1);
		const list = JSON.parse((await runCli(['list', '--json'], {configDir: dir})).stdout) as Array<{name: string; status: string}>;
		assert.equal(list.find(account => account.name === 'alice')?.status, 'ok', 'the store holds the new login');
	});

	it('reads at 40×12, 60×20, 80×24 and 200×60', async t => {
		const dir = await storeWithAccounts(t);
		const app = openApp(t, dir, {columns: 40, rows: 12});
		for (const [columns, rows] of terminalSizes) {
			app.resize(columns, rows);
			const screen = await app.waitFor(text => text.includes('q quit') && text.split('\n')[0]!.startsWith('tokentop 3 accounts') && titlesOf(text) !== '', `the app at ${columns}×${rows}`);
			const lines = screen.replace(/\n+$/, '').split('\n');
			assert.ok(lines.length <= rows - 1, `${lines.length} lines at ${columns}×${rows}`);
			for (const line of lines) assert.ok([...line].length <= columns, `a line wider than ${columns}: ${line}`);
			assert.match(titlesOf(screen), /NAME +STATE +LEFT/, `titles apart at ${columns}×${rows}`);
			assert.match(lines.at(-1)!, /\? help {2}q quit$/, `hints at ${columns}×${rows}`);
		}
		app.resize(40, 12);
		app.press('?');
		await app.waitForText(/Keys +1–7 of \d+/);
		app.press('NPage');
		await app.waitForText(/Keys +8–14 of \d+/);
		app.press('q');
		await app.waitForText('3 accounts');
	});

	for (const way of ['q', 'Ctrl-C', 'SIGTERM'] as const) {
		it(`leaving by ${way} gives the terminal back without bracketed paste`, async t => {
			const dir = await storeWithAccounts(t);
			// After the app, `cat -v` shows what a paste sends: with bracketed paste still on, the markers.
			const app = new TmuxSession(`sh -c '${process.execPath} ${cliPath} --config-dir ${dir}; echo "left with $?"; exec cat -v'`, {columns: 100, rows: 24});
			t.after(() => app.kill());
			await app.waitForText('3 accounts');
			if (way === 'q') app.press('q');
			else if (way === 'Ctrl-C') app.press('C-c');
			else process.kill(childOf(app.panePid()), 'SIGTERM');
			const left = await app.waitForText(/left with \d+/);
			assert.match(left, way === 'SIGTERM' ? /left with 143/ : /left with 0/);
			assert.equal(app.alternateScreen(), false, 'back on the normal screen');
			app.paste('pasted after\n', {bracketed: true});
			const screen = await app.waitForText('pasted after');
			assert.doesNotMatch(screen, /\^\[\[20[01]~/, 'no paste markers: bracketed paste is off again');
		});
	}
});

/** The list's column titles. */
function titlesOf(screen: string): string {
	return screen.split('\n').find(line => line.includes('NAME') && line.includes('STATE')) ?? '';
}

/** The one child process of a process (the app under its shell). */
function childOf(pid: number): number {
	const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
	assert.equal(children.length, 1, `one child of ${pid}: ${children.join(', ')}`);
	return Number(children[0]);
}
