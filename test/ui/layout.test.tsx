import assert from 'node:assert/strict';
import {test} from 'node:test';
import {chromeLines, computeLayout} from '../../source/ui/lib/layout.js';

test('80×24 stacks the panes into rows − 1 lines', () => {
	const layout = computeLayout(80, 24);
	assert.equal(layout.height, 23);
	assert.equal(layout.stacked, true);
	assert.equal(layout.listHeight + layout.detailHeight + chromeLines, 23);
	assert.equal(layout.listWidth, 80);
});

test('from 100 columns the panes sit side by side and share the width', () => {
	const layout = computeLayout(120, 40);
	assert.equal(layout.stacked, false);
	assert.equal(layout.listWidth + layout.detailWidth, 120);
	assert.equal(layout.listHeight, 39 - chromeLines);
	assert.ok(layout.detailWidth >= 40);
});

test('99 columns still stack', () => {
	assert.equal(computeLayout(99, 24).stacked, true);
});

test('a tiny terminal is flagged', () => {
	assert.equal(computeLayout(30, 24).tooSmall, true);
	assert.equal(computeLayout(80, 5).tooSmall, true);
	assert.equal(computeLayout(80, 8).tooSmall, false);
});
