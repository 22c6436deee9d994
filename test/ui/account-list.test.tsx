import {keys, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp, selectedName} from './render-app.js';

afterEach(() => cleanup());

const accountRows = (frame: string) => frame.split('\n').filter((line) => /^[› ] (bluesky|zettelstore) /.test(line));

test('10,000 accounts: only the rows that fit are drawn, and moving stays quick', async () => {
	const accounts = Array.from({length: 10_000}, (_, index) =>
		index % 2 === 0
			? blueskyAccount({name: `account-${String(index).padStart(5, '0')}`})
			: zettelstoreAccount({name: `account-${String(index).padStart(5, '0')}`, tokenExpiresAt: testEpoch + (index % 50) * minute}),
	);
	const started = performance.now();
	const app = renderApp(accounts);
	await app.waitFor('account-00000');
	assert.match(app.text(), /10000 accounts/);
	// 100×24 side by side: 23 lines − header, status, hints − column titles = 19 rows.
	assert.equal(accountRows(app.text()).length, 19);
	await press(app.stdin, keys.end);
	await app.waitFor((frame) => selectedName(frame) === 'account-09999');
	const rows = accountRows(app.text());
	assert.equal(rows.length, 19);
	assert.match(rows[0]!, /account-09981/, 'the window scrolled with the selection');
	await press(app.stdin, keys.up);
	await app.waitFor((frame) => selectedName(frame) === 'account-09998');
	assert.match(accountRows(app.text())[0]!, /account-09981/, 'no scroll while the selection is visible');
	for (let page = 0; page < 5; page++) await press(app.stdin, keys.pageUp);
	await app.waitFor((frame) => selectedName(frame) === `account-${String(9998 - 5 * 19).padStart(5, '0')}`);
	app.clock.advance(1000);
	await app.waitFor((frame) => accountRows(frame).length === 19);
	// Generous bound: catches rendering all 10,000 rows (seconds), not machine noise.
	assert.ok(performance.now() - started < 5000, `took ${Math.round(performance.now() - started)} ms`);
});

test('the column titles name the four columns', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	const frame = await app.waitFor('alice');
	assert.match(frame, /SERVICE\s+NAME\s+STATE\s+LEFT/);
});

test('a kept filter with no match says so', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	await press(app.stdin, '/');
	for (const key of 'nobody') await press(app.stdin, key);
	await app.waitFor('no account matches “nobody”');
	assert.match(app.text(), /no account selected/);
});
