import {foreground} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import {StateBadge} from '../../source/ui/state-badge.js';
import {stateLooks} from '../../source/rules/account-state.js';
import {blueskyAccount, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {renderCounted} from './render-count.js';

afterEach(() => cleanup());

test('every state has its own word, and a symbol', () => {
	const words = Object.values(stateLooks).map((look) => look.word);
	assert.equal(new Set(words).size, words.length);
	for (const look of Object.values(stateLooks)) assert.equal([...look.symbol].length, 1);
});

test('turns from ok to expiring to critical to expired as the clock moves', async () => {
	const entry = {account: blueskyAccount({accessIssuedAt: testEpoch, accessExpiresAt: testEpoch + 40 * minute}), refreshing: false};
	const view = renderCounted({badge: <StateBadge entry={entry} />});
	await view.waitFor('✓ ok');
	assert.ok(view.lastFrame()?.includes(foreground.green));
	view.tick(30 * minute + 1);
	await view.waitFor('▲ expiring');
	assert.ok(view.lastFrame()?.includes(foreground.yellow));
	view.tick(8 * minute);
	await view.waitFor('! critical');
	assert.ok(view.lastFrame()?.includes(foreground.red));
	view.tick(2 * minute);
	await view.waitFor('✗ expired');
});

test('noColor: the same words, no colour', async () => {
	const entry = {account: zettelstoreAccount({status: 'error'}), refreshing: false};
	const view = renderCounted({badge: <StateBadge entry={entry} />}, {noColor: true});
	await view.waitFor('⚠ error');
	assert.equal(view.lastFrame(), '⚠ error');
});
