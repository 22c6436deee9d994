import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import {AccountRow} from '../../source/ui/account-row.js';
import {kindIds} from '../../source/services/kinds.js';
import {listColumns} from '../../source/ui/list-columns.js';
import {displayWidth} from '../../source/ui/lib/fit-column.js';
import {blueskyAccount, hour, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderCounted} from './render-count.js';

afterEach(() => cleanup());


test('shows marker, service, name and state in fixed columns, leaving the time-left column to the list', async () => {
	const entry = {account: zettelstoreAccount({name: 'notes', tokenReceivedAt: testEpoch - 55 * minute, tokenExpiresAt: testEpoch + 5 * minute}), refreshing: false};
	const view = renderCounted({row: <AccountRow entry={entry} selected width={60} />});
	const frame = await view.waitFor('notes');
	assert.equal(frame.trimEnd(), `› ${'zettelstore'.padEnd(listColumns(60).service)}${'notes'.padEnd(listColumns(60).name)}▲ expiring`);
	assert.ok(!frame.includes('5m 00s'));
});

test('a long name is cut, never wrapped onto a second line', async () => {
	const entry = {account: blueskyAccount({name: 'a-very-long-account-name-that-does-not-fit'}), refreshing: false};
	const view = renderCounted({row: <AccountRow entry={entry} selected={false} width={50} />});
	const frame = await view.waitFor('a-very');
	assert.equal(frame.split('\n').length, 1);
	assert.match(frame, /…/);
});

test('wide characters in a name keep the columns in line', async () => {
	const plain = {account: blueskyAccount({name: 'plain'}), refreshing: false};
	const wide = {account: blueskyAccount({name: '日本語のアカウント名前です'}), refreshing: false};
	const view = renderCounted({
		plain: <AccountRow entry={plain} selected={false} width={60} />,
		wide: <AccountRow entry={wide} selected={false} width={60} />,
	});
	const frame = await view.waitFor('plain');
	const [plainLine, wideLine] = frame.split('\n');
	const column = (line: string | undefined) => displayWidth(line?.slice(0, line.indexOf('✓')) ?? '');
	assert.equal(column(wideLine), column(plainLine));
	assert.match(wideLine ?? '', /…/);
});

test('memoised: clock ticks render nothing in a row until its state changes', async () => {
	const quiet = {account: blueskyAccount({name: 'quiet', accessExpiresAt: testEpoch + 2 * hour}), refreshing: false};
	// A one-hour token turns "expiring" under a quarter of its lifetime: 3.5 s of ticks from now.
	const busy = {account: zettelstoreAccount({name: 'busy', tokenReceivedAt: testEpoch - 45 * minute, tokenExpiresAt: testEpoch + 15 * minute + 4000}), refreshing: false};
	const view = renderCounted({
		quiet: <AccountRow entry={quiet} selected={false} width={60} />,
		busy: <AccountRow entry={busy} selected={false} width={60} />,
	});
	await view.waitFor('busy');
	// One warm-up tick: React may call a component once more after mounting before bailing out early.
	await view.tickAndSettle(1000);
	const quietBefore = view.commitsOf('quiet');
	const busyBefore = view.commitsOf('busy');
	await view.tickAndSettle(500);
	await view.tickAndSettle(1000);
	assert.equal(view.commitsOf('quiet'), quietBefore);
	assert.equal(view.commitsOf('busy'), busyBefore, 'still ok: nothing to draw');
	assert.match(view.text(), /busy\s+✓ ok/);
	view.tick(1000);
	await view.waitFor('expiring');
	assert.equal(view.commitsOf('busy'), busyBefore + 1, 'ok → expiring: the badge drew once');
	assert.equal(view.commitsOf('quiet'), quietBefore);
});

test('noColor: the selection is bold, not inverted, and no colour codes are drawn', async () => {
	const entry = {account: blueskyAccount({name: 'alice'}), refreshing: false};
	const view = renderCounted({row: <AccountRow entry={entry} selected width={60} />}, {noColor: true});
	await view.waitFor('alice');
	const frame = view.lastFrame() ?? '';
	assert.ok(frame.includes('\u001B[1m'), 'bold');
	assert.ok(!frame.includes('\u001B[7m'), 'not inverse');
	assert.match(frame, /✓ ok/);
});

test('every kind of account fits the service column with a space to spare', () => {
	for (const id of kindIds) assert.ok(id.length < listColumns(80).service, `${id} runs into the name`);
});
