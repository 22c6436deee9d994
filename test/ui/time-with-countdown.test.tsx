import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import {TimeWithCountdown} from '../../source/ui/detail/time-with-countdown.js';
import {formatLocalTime} from '../../source/rules/time-format.js';
import {minute, testEpoch} from '../support/fake-manager.js';
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
