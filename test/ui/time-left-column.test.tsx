import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import {TimeLeftColumn} from '../../source/ui/time-left-column.js';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderCounted} from './render-count.js';

afterEach(() => cleanup());

const entry = (account: Parameters<typeof blueskyAccount>[0] & {name: string}) => ({account: blueskyAccount(account), refreshing: false});

test('one line per row: the time left, ticking; one render per tick for the whole column', async () => {
	const rows = [entry({name: 'long', accessExpiresAt: testEpoch + 2 * hour}), entry({name: 'short', accessExpiresAt: testEpoch + 9 * minute + 5000})];
	const view = renderCounted({column: <TimeLeftColumn rows={rows} width={8} />});
	await view.waitFor('9m 05s');
	assert.deepEqual(view.text().split('\n'), ['2h 00m', '9m 05s']);
	// React may call a component once more on the first update after mounting.
	view.tick(1000);
	await view.waitFor('9m 04s');
	const before = view.commitsOf('column');
	for (const expected of ['9m 03s', '9m 02s', '9m 01s']) {
		view.tick(1000);
		await view.waitFor(expected);
	}
	assert.equal(view.commitsOf('column'), before + 3);
	assert.deepEqual(view.text().split('\n'), ['1h 59m', '9m 01s']);
});

test('counts down to "expired"; free access shows a dash; lines never pass the column', async () => {
	const rows = [
		entry({name: 'soon', accessExpiresAt: testEpoch + 2000}),
		{account: zettelstoreAccount({name: 'open', token: 'freeaccess', freeAccess: true}), refreshing: false},
		entry({name: 'far', accessExpiresAt: testEpoch + 400 * 24 * hour}),
	];
	const view = renderCounted({column: <TimeLeftColumn rows={rows} width={6} />});
	await view.waitFor('2s');
	view.tick(2000);
	await view.waitFor('expired'.slice(0, 5));
	const [soon, open, far] = view.text().split('\n');
	assert.equal(soon, 'expir…');
	assert.equal(open, '—');
	assert.ok((far ?? '').length <= 6, far);
});

test('a tick that changes no line renders nothing', async () => {
	const rows = [entry({name: 'long', accessExpiresAt: testEpoch + 5 * hour + 30_000})];
	const view = renderCounted({column: <TimeLeftColumn rows={rows} width={8} />});
	await view.waitFor('5h 00m');
	await view.tickAndSettle(1000);
	const before = view.commitsOf('column');
	await view.tickAndSettle(1000);
	await view.tickAndSettle(1000);
	assert.equal(view.commitsOf('column'), before);
	view.tick(30_000);
	await view.waitFor('4h 59m');
	assert.equal(view.commitsOf('column'), before + 1);
});
