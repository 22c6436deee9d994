import assert from 'node:assert/strict';
import {test} from 'node:test';
import {maskToken} from '../../source/ui/lib/mask-token.js';

test('shows the first and last 6 characters of a long token', () => {
	assert.equal(maskToken('eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.payload.Qssw5c'), 'eyJ0eX…Qssw5c');
});

test('hides short tokens completely, showing only their length', () => {
	assert.equal(maskToken('short-secret'), '…(12 characters)');
	assert.equal(maskToken('x'.repeat(23)), '…(23 characters)');
	assert.equal(maskToken('abcdef' + 'x'.repeat(12) + 'uvwxyz'), 'abcdef…uvwxyz');
});

test('an empty token says so', () => {
	assert.equal(maskToken(''), '(none)');
});

test('the masked form never contains the middle of the token', () => {
	const token = `AAAAAA${'secret'.repeat(20)}ZZZZZZ`;
	assert.ok(!maskToken(token).includes('secret'));
});
