import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatAgo, formatCountdown, formatDuration, formatPreciseCountdown, formatRoughly} from '../../source/rules/time-format.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

test('formats hours with padded minutes', () => {
	assert.equal(formatCountdown(hour + 59 * minute + 59 * second), '1h 59m');
	assert.equal(formatCountdown(2 * hour + 5 * minute), '2h 05m');
});

test('formats minutes with padded seconds', () => {
	assert.equal(formatCountdown(9 * minute + 5 * second), '9m 05s');
	assert.equal(formatCountdown(59 * minute + 59 * second + 999), '59m 59s');
});

test('formats seconds alone under a minute', () => {
	assert.equal(formatCountdown(42 * second), '42s');
	assert.equal(formatCountdown(42 * second + 999), '42s');
	assert.equal(formatCountdown(500), '0s');
});

test('says expired at and after zero', () => {
	assert.equal(formatCountdown(0), 'expired');
	assert.equal(formatCountdown(-5 * minute), 'expired');
});

test('formats days for long-lived refresh tokens', () => {
	assert.equal(formatCountdown(90 * 24 * hour), '90d 00h');
	assert.equal(formatCountdown(24 * hour + 3 * hour + 1), '1d 03h');
});

test('a duration is never "expired"', () => {
	assert.equal(formatDuration(0), '0s');
	assert.equal(formatDuration(hour), '1h 00m');
});

test('non-finite input gives a dash instead of NaN', () => {
	assert.equal(formatCountdown(Number.NaN), '—');
});

test('the precise countdown shows seconds at any length: 1:59:42', () => {
	assert.equal(formatPreciseCountdown(hour + 59 * minute + 42 * second + 500), '1:59:42');
	assert.equal(formatPreciseCountdown(2 * hour), '2:00:00');
	assert.equal(formatPreciseCountdown(26 * hour + 3 * minute + 4 * second), '1d 02:03:04');
	assert.equal(formatPreciseCountdown(9 * minute + 5 * second), '9m 05s', 'below an hour as everywhere');
	assert.equal(formatPreciseCountdown(0), 'expired');
});

test('rough durations and "ago" go to the minute', () => {
	assert.equal(formatRoughly(hour + 2 * minute + 59 * second), '1h 02m');
	assert.equal(formatRoughly(9 * minute + 59 * second), '9m');
	assert.equal(formatRoughly(42 * second), '42s');
	assert.equal(formatAgo(7 * minute + 30 * second), '7m ago');
	assert.equal(formatAgo(59 * second), 'just now');
});
