import assert from 'node:assert/strict';
import {test} from 'node:test';
import {editText, singleLine, textAtEnd, type TextEdit, type TextState} from '../../source/ui/lib/edit-text.js';

const at = (text: string, cursor: number): TextState => ({text, cursor});
const apply = (state: TextState, ...edits: TextEdit[]) => edits.reduce(editText, state);

test('inserts typed and pasted text at the cursor', () => {
	assert.deepEqual(editText(at('ab', 2), {type: 'insert', text: 'c'}), at('abc', 3));
	assert.deepEqual(editText(at('ad', 1), {type: 'insert', text: 'bc'}), at('abcd', 3));
});

test('a pasted line break becomes a space inside and goes at the ends; other controls go', () => {
	assert.deepEqual(editText(at('', 0), {type: 'insert', text: 'alice\rdy\r\n'}), at('alice dy', 8));
	assert.equal(singleLine('\none\r\n\r\ntwo\tthree\u0003\u001B[31m!\n'), 'one two three!');
});

test('Backspace deletes before the cursor, Delete under it', () => {
	assert.deepEqual(editText(at('abc', 2), {type: 'backspace'}), at('ac', 1));
	assert.deepEqual(editText(at('abc', 1), {type: 'delete'}), at('ac', 1));
	assert.deepEqual(editText(at('a😀', 2), {type: 'backspace'}), at('a', 1), 'by code point');
	const empty = at('', 0);
	assert.equal(editText(empty, {type: 'backspace'}), empty, 'nothing to delete: the same object');
	const end = at('ab', 2);
	assert.equal(editText(end, {type: 'delete'}), end);
});

test('←/→, Home/End move the cursor within the text', () => {
	assert.deepEqual(apply(at('abc', 3), {type: 'left'}, {type: 'left'}), at('abc', 1));
	assert.deepEqual(apply(at('abc', 0), {type: 'left'}), at('abc', 0));
	assert.deepEqual(apply(at('abc', 3), {type: 'right'}), at('abc', 3));
	assert.deepEqual(apply(at('abc', 1), {type: 'end'}), at('abc', 3));
	assert.deepEqual(apply(at('abc', 2), {type: 'start'}, {type: 'insert', text: 'x'}), at('xabc', 1));
});

test('Ctrl-U deletes to the start, Ctrl-W the word before the cursor', () => {
	assert.deepEqual(editText(at('hello world', 8), {type: 'delete-to-start'}), at('rld', 0));
	assert.deepEqual(editText(at('hello big world', 9), {type: 'delete-word'}), at('hello  world', 6));
	assert.deepEqual(editText(at('hello   ', 8), {type: 'delete-word'}), at('', 0));
});

test('textAtEnd puts the cursor after the last code point', () => {
	assert.deepEqual(textAtEnd('日本😀'), at('日本😀', 3));
});
