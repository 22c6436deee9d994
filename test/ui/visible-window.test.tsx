import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keepInView, moveIndex, visibleWindow} from '../../source/ui/lib/visible-window.js';

test('moves stay inside the list', () => {
	assert.equal(moveIndex(0, 'up', 10, 5), 0);
	assert.equal(moveIndex(0, 'down', 10, 5), 1);
	assert.equal(moveIndex(9, 'down', 10, 5), 9);
	assert.equal(moveIndex(3, 'page-down', 10, 5), 8);
	assert.equal(moveIndex(8, 'page-down', 10, 5), 9);
	assert.equal(moveIndex(3, 'page-up', 10, 5), 0);
	assert.equal(moveIndex(4, 'first', 10, 5), 0);
	assert.equal(moveIndex(4, 'last', 10, 5), 9);
	assert.equal(moveIndex(0, 'down', 0, 5), 0);
});

test('scrolls only as much as needed to show the selection', () => {
	assert.equal(keepInView(0, 3, 5, 100), 0);
	assert.equal(keepInView(0, 5, 5, 100), 1);
	assert.equal(keepInView(10, 9, 5, 100), 9);
	assert.equal(keepInView(0, 99, 5, 100), 95);
	// A short list never scrolls.
	assert.equal(keepInView(3, 2, 5, 4), 0);
	// A list that shrank pulls the window back.
	assert.equal(keepInView(50, 10, 5, 12), 7);
});

test('the window holds at most `height` rows', () => {
	assert.deepEqual(visibleWindow(95, 5, 100), {start: 95, end: 100});
	assert.deepEqual(visibleWindow(0, 5, 3), {start: 0, end: 3});
	assert.deepEqual(visibleWindow(0, 5, 0), {start: 0, end: 0});
});
