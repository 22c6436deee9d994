import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const firstLine = (frame: string) => frame.split('\n')[0] ?? '';

test('names the app, counts the accounts, says whether auto-refresh is on and how the list is sorted', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 1 account · auto-refresh off · sort: name');
});

test('summarises what wants attention: expired, needs login, error, critical', async () => {
	const app = renderApp(
		[
			blueskyAccount({name: 'a', accessExpiresAt: testEpoch - minute}),
			blueskyAccount({name: 'b', accessExpiresAt: testEpoch - hour}),
			blueskyAccount({name: 'c', status: 'needs-login'}),
			blueskyAccount({name: 'd'}),
		],
		{autoRefresh: true},
	);
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 4 accounts · 2 expired · 1 needs login · auto-refresh on · sort: name');
	// d turns critical as the clock moves: the header follows.
	app.clock.advance(2 * hour - minute);
	await app.waitFor((frame) => firstLine(frame).startsWith('tokentop 4 accounts · 2 expired · 1 needs login · 1 critical'));
});

test('on a narrow terminal the least important parts of the header go first', async () => {
	const app = renderApp([blueskyAccount({name: 'a', accessExpiresAt: testEpoch - minute}), blueskyAccount({name: 'b'})], {columns: 40, rows: 12});
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 2 accounts · 1 expired');
});

test('when the list does not fit, the header says which rows are shown', async () => {
	const accounts = Array.from({length: 200}, (_, index) => blueskyAccount({name: `n${String(index).padStart(3, '0')}`}));
	const app = renderApp(accounts, {columns: 120, rows: 24});
	await app.waitFor((frame) => firstLine(frame).endsWith('· 1–19 of 200'));
	for (let step = 0; step < 29; step++) app.stdin.write('j');
	await app.waitFor((frame) => firstLine(frame).endsWith('· 12–30 of 200'));
});

test('R refreshes all and shows the progress with failures, then the outcome', async () => {
	const app = renderApp([blueskyAccount({name: 'a'}), blueskyAccount({name: 'b'}), zettelstoreAccount({name: 'c'})]);
	await app.waitFor('tokentop 3 accounts');
	app.manager.failNext('refresh', 'network', 'connection refused');
	app.manager.hold();
	await press(app.stdin, 'R');
	await app.waitFor((frame) => firstLine(frame).includes('refreshing 0/3'));
	app.manager.release();
	await app.waitFor('✗ refreshed 2, failed 1 (a: server unreachable)');
	assert.equal(app.manager.calls.refreshAll, 1);
	assert.doesNotMatch(firstLine(app.text()), /refreshing \d/, 'progress disappears when done');
});

test('bulk progress counts failures as they happen', async () => {
	const app = renderApp([blueskyAccount({name: 'a'}), blueskyAccount({name: 'b'})]);
	await app.waitFor('tokentop 2 accounts');
	app.manager.failNext('refresh', 'server', 'server answered 503');
	app.manager.hold();
	await press(app.stdin, 'R');
	await app.waitFor((frame) => firstLine(frame).includes('· refreshing 0/2 ·'));
	await app.manager.releaseNext();
	await app.waitFor((frame) => firstLine(frame).includes('· refreshing 1/2, 1 failed ·'));
	await app.manager.releaseNext();
	await app.waitFor('refreshed 1, failed 1 (a: server error)');
	app.manager.release();
	assert.deepEqual(app.manager.calls.refresh.length, 2);
});

test('A turns auto-refresh on and off', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	await press(app.stdin, 'A');
	await app.waitFor((frame) => firstLine(frame).includes('auto-refresh on'));
	await press(app.stdin, 'A');
	await app.waitFor((frame) => !firstLine(frame).includes('auto-refresh on') && frame.includes('auto-refresh off'));
	assert.deepEqual(app.manager.calls.setAutoRefresh, [true, false]);
});

test('a kept filter shows in the header with the number shown', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'})]);
	await app.waitFor('bob');
	await press(app.stdin, '/');
	await type(app.stdin, 'ali');
	await press(app.stdin, keys.enter);
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 2 accounts, 1 shown · auto-refresh off · filter: ali · sort: name');
});
