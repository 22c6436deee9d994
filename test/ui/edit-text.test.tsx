import assert from 'node:assert/strict';
import {test} from 'node:test';
import {noKey} from '../../source/ui/keyboard/split-keys.js';
import {editText} from '../../source/ui/lib/edit-text.js';

test('appends typed and pasted text', () => {
	assert.equal(editText('ab', 'c', noKey), 'abc');
	assert.equal(editText('', 'pasted text', noKey), 'pasted text');
});

test('drops control characters of a paste', () => {
	assert.equal(editText('', 'one\r\ntwo', noKey), 'onetwo');
});

test('backspace (and the DEL most terminals send) removes one character', () => {
	assert.equal(editText('abc', '', {...noKey, backspace: true}), 'ab');
	assert.equal(editText('abc', '', {...noKey, delete: true}), 'ab');
	assert.equal(editText('a😀', '', {...noKey, delete: true}), 'a');
	assert.equal(editText('', '', {...noKey, delete: true}), '');
});

test('navigation keys are not edits', () => {
	for (const key of ['return', 'escape', 'tab', 'upArrow', 'leftArrow', 'ctrl'] as const) {
		assert.equal(editText('abc', 'x', {...noKey, [key]: true}), undefined, key);
	}
	assert.equal(editText('abc', '', noKey), undefined);
});
