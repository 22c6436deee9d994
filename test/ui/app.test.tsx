import {colourCodePattern, foreground, keys, lineCount, press, resize} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp, rowOf, selectedName} from './render-app.js';

afterEach(() => cleanup());

const threeAccounts = () => [
	blueskyAccount({name: 'alice', handle: 'alice.bsky.social'}),
	zettelstoreAccount({name: 'bob', user: 'bob-user'}),
	blueskyAccount({name: 'carol', handle: 'carol.example.com'}),
];

test('lists the seeded accounts with service, name, state and time left', async () => {
	const app = renderApp(threeAccounts());
	const frame = await app.waitFor('carol');
	assert.match(rowOf(frame, 'alice') ?? '', /bluesky\s+alice\s+✓ ok\s+2h 00m/);
	assert.match(rowOf(frame, 'bob') ?? '', /zettelstore\s+bob\s+✓ ok\s+1h 00m/);
	assert.match(frame, /tokentop 3 accounts/);
});

test('the header shows auto-refresh when it is on', async () => {
	const app = renderApp(threeAccounts(), {autoRefresh: true});
	await app.waitFor('auto-refresh on');
});

test('↑/↓ and j/k move the selection and the detail pane follows', async () => {
	const app = renderApp(threeAccounts());
	await app.waitFor('alice.bsky.social');
	assert.equal(selectedName(app.text()), 'alice');
	await press(app.stdin, keys.down);
	await app.waitFor((frame) => selectedName(frame) === 'bob' && frame.includes('bob-user'));
	await press(app.stdin, 'j');
	await app.waitFor((frame) => selectedName(frame) === 'carol' && frame.includes('carol.example.com'));
	await press(app.stdin, 'j');
	await app.waitFor((frame) => selectedName(frame) === 'carol');
	await press(app.stdin, 'k');
	await app.waitFor((frame) => selectedName(frame) === 'bob');
	await press(app.stdin, keys.up);
	await app.waitFor((frame) => selectedName(frame) === 'alice' && frame.includes('alice.bsky.social'));
});

test('Home/End, g/G and PgUp/PgDn jump', async () => {
	const accounts = Array.from({length: 60}, (_, index) => blueskyAccount({name: `acct${String(index).padStart(2, '0')}`}));
	const app = renderApp(accounts);
	await app.waitFor('acct00');
	await press(app.stdin, keys.end);
	await app.waitFor((frame) => selectedName(frame) === 'acct59');
	await press(app.stdin, keys.home);
	await app.waitFor((frame) => selectedName(frame) === 'acct00');
	await press(app.stdin, 'G');
	await app.waitFor((frame) => selectedName(frame) === 'acct59');
	await press(app.stdin, 'g');
	await app.waitFor((frame) => selectedName(frame) === 'acct00');
	// 100×24 side by side: the list shows 19 rows, so a page is 19.
	await press(app.stdin, keys.pageDown);
	await app.waitFor((frame) => selectedName(frame) === 'acct19');
	await press(app.stdin, keys.pageDown);
	await app.waitFor((frame) => selectedName(frame) === 'acct38');
	await press(app.stdin, keys.pageUp);
	await app.waitFor((frame) => selectedName(frame) === 'acct19');
});

test('r refreshes the selected account and the pane shows the new expiry', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {lifetimeMs: 3 * hour});
	await app.waitFor('2025-03-01');
	const oldExpiry = new Date(testEpoch + 2 * hour);
	app.clock.advance(30 * minute);
	await press(app.stdin, 'r');
	const newExpiry = testEpoch + 30 * minute + 3 * hour;
	const frame = await app.waitFor('refreshed alice: valid for 3h 00m');
	assert.deepEqual(app.manager.calls.refresh, [app.manager.getSnapshot().entries[0]!.account.id]);
	assert.match(frame, new RegExp(`access expires\\s+${localTime(newExpiry)} \\(in 3:00:00\\)`));
	assert.ok(!frame.includes(localTime(oldExpiry.getTime())));
	assert.match(frame, /last refresh\s+\S+ \S+ ok/);
});

test('the countdown follows the injected clock', async () => {
	const app = renderApp([zettelstoreAccount({name: 'bob', tokenExpiresAt: testEpoch + 9 * minute + 5000})]);
	await app.waitFor('9m 05s');
	app.clock.advance(5000);
	await app.waitFor('9m 00s');
	app.clock.advance(8 * minute + 18_000);
	await app.waitFor('42s');
	app.clock.advance(42_000);
	await app.waitFor((frame) => /bob\s+✗ expired\s+expired/.test(frame));
});

test('states change at the thresholds, with word, symbol and colour', async () => {
	// Lifetime 1 h: expiring under 15 min (a quarter), critical under 2 min.
	const app = renderApp([zettelstoreAccount({name: 'bob', tokenReceivedAt: testEpoch, tokenExpiresAt: testEpoch + hour})]);
	await app.waitFor((frame) => /bob\s+✓ ok/.test(frame));
	assert.ok(app.lastFrame()?.includes(`${foreground.green}✓ ok`), 'ok is green');
	app.clock.set(testEpoch + 45 * minute + 1000);
	await app.waitFor((frame) => /bob\s+▲ expiring\s+14m 59s/.test(frame));
	assert.ok(app.lastFrame()?.includes(`${foreground.yellow}▲ expiring`), 'expiring is yellow');
	app.clock.set(testEpoch + 58 * minute + 1000);
	await app.waitFor((frame) => /bob\s+! critical\s+1m 59s/.test(frame));
	assert.ok(app.lastFrame()?.includes(`${foreground.red}! critical`), 'critical is red');
	app.clock.set(testEpoch + hour);
	await app.waitFor((frame) => /bob\s+✗ expired\s+expired/.test(frame));
});

test('account status shows as needs login, error, no auth and refreshing…', async () => {
	const app = renderApp([
		blueskyAccount({name: 'alice', status: 'needs-login'}),
		blueskyAccount({name: 'bob', status: 'error', statusMessage: 'connection refused'}),
		zettelstoreAccount({name: 'carol', freeAccess: true}),
		blueskyAccount({name: 'dave'}),
	]);
	const frame = await app.waitFor('dave');
	assert.match(rowOf(frame, 'alice') ?? '', /⊘ needs login/);
	assert.match(rowOf(frame, 'bob') ?? '', /⚠ error/);
	assert.match(rowOf(frame, 'carol') ?? '', /○ no auth needed\s+—/);
	await press(app.stdin, 'G');
	app.manager.hold();
	await press(app.stdin, 'r');
	await app.waitFor((next) => /dave\s+↻ refreshing…/.test(next));
	app.manager.release();
	await app.waitFor((next) => /dave\s+✓ ok/.test(next));
});

test('never draws more than rows − 1 lines, at any size', async () => {
	const accounts = Array.from({length: 40}, (_, index) => blueskyAccount({name: `n${index}`}));
	const app = renderApp(accounts);
	await app.waitFor('n1');
	assert.equal(lineCount(app.lastFrame() ?? ''), 23, 'no rows known: 24 assumed');
	for (const [columns, rows] of [
		[80, 24],
		[120, 40],
		[100, 10],
		[60, 12],
		[200, 60],
	] as const) {
		resize(app.stdout, columns, rows);
		await app.waitFor((frame) => lineCount(frame) === rows - 1 && frame.split('\n').every((line) => line.length <= columns));
	}
	// Overlays keep the budget too.
	resize(app.stdout, 80, 12);
	await press(app.stdin, '?');
	await app.waitFor((frame) => frame.includes('Keys') && lineCount(frame) === 11);
});

test('a tiny terminal gets one line instead of a broken layout', async () => {
	const app = renderApp(threeAccounts(), {columns: 30, rows: 6});
	await app.waitFor('too small');
	assert.equal(lineCount(app.text()), 1);
});

test('under 100 columns the detail pane sits below the list', async () => {
	const app = renderApp(threeAccounts(), {columns: 80, rows: 24});
	const frame = await app.waitFor((text) => text.includes('─'.repeat(40)) && text.includes('alice.bsky.social'));
	const lines = frame.split('\n');
	const rowLine = lines.findIndex((line) => line.startsWith('› bluesky'));
	const handleLine = lines.findIndex((line) => line.includes('handle'));
	assert.ok(handleLine > rowLine, 'the detail comes after the list');
	assert.ok(!lines[rowLine]!.includes('│'), 'nothing beside the list');
	resize(app.stdout, 120, 24);
	await app.waitFor((text) => /› bluesky.*│/.test(text));
});

test('noColor draws no colour codes but keeps the words and symbols', async () => {
	const app = renderApp(
		[blueskyAccount({name: 'alice'}), zettelstoreAccount({name: 'bob', tokenReceivedAt: testEpoch - 55 * minute, tokenExpiresAt: testEpoch + 5 * minute})],
		{noColor: true, autoRefresh: true},
	);
	await app.waitFor('▲ expiring');
	await press(app.stdin, 'r');
	await app.waitFor('refreshed alice');
	const frame = app.lastFrame() ?? '';
	assert.doesNotMatch(frame, colourCodePattern);
	assert.ok(!frame.includes('\u001B[2m'), 'not dimmed either');
	assert.match(frame, /✓ ok/);
});

test('with colours on, colour codes are drawn (so the noColor test means something)', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	assert.match(app.lastFrame() ?? '', colourCodePattern);
});

test('q quits: Ink exits and onExit is called', async () => {
	let exited = 0;
	const app = renderApp(threeAccounts(), {onExit: () => (exited += 1)});
	await app.waitFor('alice');
	await press(app.stdin, 'q');
	assert.equal(exited, 1);
});

function localTime(epochMs: number): string {
	const date = new Date(epochMs);
	const pad = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
