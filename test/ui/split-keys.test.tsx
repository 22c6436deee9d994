import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keyOfCharacter, noKey, splitKeys} from '../../source/ui/keyboard/split-keys.js';

test('one key stays one key', () => {
	assert.deepEqual(splitKeys('j', noKey), [{input: 'j', key: noKey}]);
	const down = {...noKey, downArrow: true};
	assert.deepEqual(splitKeys('', down), [{input: '', key: down}]);
	const enter = {...noKey, return: true};
	assert.deepEqual(splitKeys('', enter), [{input: '', key: enter}]);
});

test('a chunk of text becomes its keys, in order', () => {
	assert.deepEqual(
		splitKeys('/wR', noKey).map((press) => [press.input, press.key.shift]),
		[
			['/', false],
			['w', false],
			['R', true],
		],
	);
	assert.deepEqual(
		splitKeys('日本', noKey).map((press) => press.input),
		['日', '本'],
		'by code point',
	);
	assert.deepEqual(
		splitKeys('😀x', noKey).map((press) => press.input),
		['😀', 'x'],
	);
});

test('control characters in a chunk become Enter, Tab, Backspace and Ctrl keys', () => {
	const presses = splitKeys('a\r\t\u007F\u0003\n', noKey);
	assert.deepEqual(presses[0], {input: 'a', key: noKey});
	assert.equal(presses[1]?.key.return, true);
	assert.equal(presses[2]?.key.tab, true);
	assert.equal(presses[3]?.key.backspace, true);
	assert.deepEqual(presses[4], {input: 'c', key: {...noKey, ctrl: true}});
	assert.equal(presses[5]?.key.return, true);
	assert.equal(keyOfCharacter('\b').key.backspace, true);
});

test('Esc and a key read together (meta + key) are Esc, then the key', () => {
	const presses = splitKeys('j', {...noKey, meta: true});
	assert.equal(presses.length, 2);
	assert.equal(presses[0]?.key.escape, true);
	assert.deepEqual(presses[1], {input: 'j', key: noKey});
});

test('a named key with meta (Alt-arrow, Esc itself) is left alone', () => {
	const altUp = {...noKey, upArrow: true, meta: true};
	assert.deepEqual(splitKeys('', altUp), [{input: '', key: altUp}]);
	const escape = {...noKey, escape: true, meta: true};
	assert.deepEqual(splitKeys('', escape), [{input: '', key: escape}]);
});
