import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const firstLine = (frame: string) => frame.split('\n')[0] ?? '';

test('names the app and counts the accounts', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 1 account');
});

test('R refreshes all and shows the progress with failures, then the outcome', async () => {
	const app = renderApp([blueskyAccount({name: 'a'}), blueskyAccount({name: 'b'}), zettelstoreAccount({name: 'c'})]);
	await app.waitFor('tokentop 3 accounts');
	app.manager.failNext('refresh', 'network', 'connection refused');
	app.manager.hold();
	await press(app.stdin, 'R');
	await app.waitFor((frame) => firstLine(frame).includes('refreshing 0/3'));
	app.manager.release();
	await app.waitFor('refreshed all accounts');
	assert.equal(app.manager.calls.refreshAll, 1);
	assert.doesNotMatch(firstLine(app.text()), /refreshing \d/, 'progress disappears when done');
});

test('bulk progress counts failures as they happen', async () => {
	const app = renderApp([blueskyAccount({name: 'a'}), blueskyAccount({name: 'b'})]);
	await app.waitFor('tokentop 2 accounts');
	app.manager.failNext('refresh', 'server', 'server answered 503');
	app.manager.hold();
	await press(app.stdin, 'R');
	await app.waitFor((frame) => firstLine(frame).endsWith('· refreshing 0/2'));
	await app.manager.releaseNext();
	await app.waitFor((frame) => firstLine(frame).endsWith('· refreshing 1/2, 1 failed'));
	await app.manager.releaseNext();
	await app.waitFor('refreshed all accounts');
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
	await app.waitFor((frame) => firstLine(frame) === 'tokentop 2 accounts, 1 shown · filter: ali');
});
