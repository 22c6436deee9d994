import assert from 'node:assert/strict';
import {test} from 'node:test';
import {clipboardSequence} from '../../source/ui/lib/osc52.js';

test('wraps the base64 of the text in OSC 52 for the clipboard', () => {
	assert.equal(clipboardSequence('hello'), '\u001B]52;c;aGVsbG8=\u0007');
});
