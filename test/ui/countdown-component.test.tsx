import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {Text} from 'ink';
import React from 'react';
import {Countdown} from '../../source/ui/countdown.js';
import {hour, minute, testEpoch} from '../support/fake-manager.js';
import {renderCounted} from './render-count.js';

afterEach(() => cleanup());

test('a tick re-renders only the countdowns whose text changed', async () => {
	const view = renderCounted({
		long: <Text><Countdown until={testEpoch + 2 * hour} /></Text>,
		short: <Text><Countdown until={testEpoch + 9 * minute + 5000} /></Text>,
	});
	await view.waitFor('9m 05s');
	assert.match(view.text(), /2h 00m/);
	// React may call a component once more on the first update after mounting before it
	// can bail out early; measure the steady state after one warm-up tick.
	view.tick(1000);
	await view.waitFor('9m 04s');
	const longBefore = view.commitsOf('long');
	const shortBefore = view.commitsOf('short');
	for (const expected of ['9m 03s', '9m 02s', '9m 01s']) {
		view.tick(1000);
		await view.waitFor(expected);
	}
	assert.equal(view.commitsOf('short'), shortBefore + 3);
	assert.equal(view.commitsOf('long'), longBefore, '"1h 59m" did not change, so it did not render');
	assert.match(view.text(), /1h 59m/, 'but it is current: 2 h − 4 s');
});

test('counts down to "expired"', async () => {
	const view = renderCounted({soon: <Text><Countdown until={testEpoch + 2000} /></Text>});
	await view.waitFor('2s');
	view.tick(1000);
	await view.waitFor('1s');
	view.tick(1000);
	await view.waitFor('expired');
});
