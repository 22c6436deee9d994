import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatLocalTime} from '../../source/rules/time-format.js';

test('formats local wall-clock time with fixed width', () => {
	const time = new Date(2025, 0, 5, 7, 3, 9).getTime();
	assert.equal(formatLocalTime(time), '2025-01-05 07:03:09');
});

test('non-finite times give a dash', () => {
	assert.equal(formatLocalTime(Number.NaN), '—');
});
