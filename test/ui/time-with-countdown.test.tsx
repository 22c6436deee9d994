import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import {TimeWithCountdown} from '../../source/ui/detail/time-with-countdown.js';
import {formatLocalTime} from '../../source/rules/time-format.js';
import {StateSentence} from '../../source/ui/detail/state-sentence.js';
import {StateBadge} from '../../source/ui/state-badge.js';
import {blueskyAccount, day, hour, minute, testEpoch} from '../support/fake-manager.js';
import {renderCounted} from './render-count.js';

afterEach(() => cleanup());

test('local time and live time left, then "expired"', async () => {
	const at = testEpoch + minute;
	const view = renderCounted({time: <TimeWithCountdown at={at} />});
	await view.waitFor(`${formatLocalTime(at)} (in 1m 00s)`);
	view.tick(30_000);
	await view.waitFor('(in 30s)');
	view.tick(30_000);
	const frame = await view.waitFor('(expired)');
	assert.ok(frame.startsWith(formatLocalTime(at)));
});

test('the pane ticks every second for a 2-hour token in ONE component: the countdown; the rest of the pane stays', async () => {
	const entry = {account: blueskyAccount({name: 'alice', accessIssuedAt: testEpoch, accessExpiresAt: testEpoch + 2 * hour, refreshExpiresAt: testEpoch + 80 * day + 30 * minute}), refreshing: false};
	const at = entry.account.accessExpiresAt;
	const view = renderCounted({
		countdown: <TimeWithCountdown at={at} precise />,
		sentence: <StateSentence entry={entry} width={60} />,
		badge: <StateBadge entry={entry} />,
		refresh: <TimeWithCountdown at={entry.account.refreshExpiresAt!} />,
	});
	await view.waitFor('(in 2:00:00)');
	const before = {countdown: view.commitsOf('countdown'), sentence: view.commitsOf('sentence'), badge: view.commitsOf('badge'), refresh: view.commitsOf('refresh')};
	for (let second = 1; second <= 18; second++) {
		view.tick(1000);
		await view.waitFor(`(in 1:59:${String(60 - second).padStart(2, '0')})`);
	}
	assert.equal(view.commitsOf('countdown') - before.countdown, 18, 'the countdown re-rendered once a second');
	assert.equal(view.commitsOf('sentence') - before.sentence, 0);
	assert.equal(view.commitsOf('badge') - before.badge, 0);
	assert.equal(view.commitsOf('refresh') - before.refresh, 0, 'a long countdown elsewhere in the pane stays coarse');
});

test('an expired access token counts up how long ago, to the second', async () => {
	const at = testEpoch - 7 * minute - 12_000;
	const view = renderCounted({time: <TimeWithCountdown at={at} precise />});
	await view.waitFor('(expired 7m 13s ago)');
});
