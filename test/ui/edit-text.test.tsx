import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {editText} from '../../source/ui/lib/edit-text.js';

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

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
