import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keyLabel, keyOfCharacter, keyPressesOf} from '../../source/ui/keys/key-press.js';

const names = (event: string) => keyPressesOf(event).map((press) => press.name);

test('one key stays one key; printable keys type themselves', () => {
	assert.deepEqual(keyPressesOf('j'), [{name: 'j', text: 'j'}]);
	assert.deepEqual(keyPressesOf('R'), [{name: 'R', text: 'R'}]);
	assert.deepEqual(keyPressesOf(' '), [{name: 'space', text: ' '}]);
	assert.deepEqual(names('\r'), ['enter']);
});

test('a run of text becomes its keys, in order, by code point', () => {
	assert.deepEqual(names('/wR'), ['/', 'w', 'R']);
	assert.deepEqual(names('日本😀x'), ['日', '本', '😀', 'x']);
});

test('control characters are Enter, Tab, Backspace and Ctrl keys', () => {
	assert.deepEqual(names('a\r\t\u007F\b\u0003\n\u0001\u0005\u0015\u0017'), ['a', 'enter', 'tab', 'backspace', 'backspace', 'ctrl-c', 'enter', 'ctrl-a', 'ctrl-e', 'ctrl-u', 'ctrl-w']);
});

test('escape sequences are named keys; Delete is not Backspace', () => {
	assert.deepEqual(names('\u001B[A'), ['up']);
	assert.deepEqual(names('\u001BOB'), ['down'], 'application cursor mode');
	assert.deepEqual(names('\u001B[1;5D'), ['left'], 'modifiers are not told apart');
	assert.deepEqual(names('\u001B[3~'), ['delete']);
	assert.deepEqual(names('\u001B[5~'), ['pageup']);
	assert.deepEqual(names('\u001B[6;2~'), ['pagedown']);
	for (const home of ['\u001B[H', '\u001BOH', '\u001B[1~', '\u001B[7~']) assert.deepEqual(names(home), ['home'], JSON.stringify(home));
	for (const end of ['\u001B[F', '\u001BOF', '\u001B[4~', '\u001B[8~']) assert.deepEqual(names(end), ['end'], JSON.stringify(end));
	assert.deepEqual(names('\u001B[Z'), ['shift-tab']);
	assert.deepEqual(names('\u001B[99~'), [], 'an unknown sequence is no key');
});

test('Esc alone, and Esc read together with a key: Esc, then the key (no Alt bindings)', () => {
	assert.deepEqual(names('\u001B'), ['escape']);
	assert.deepEqual(names('\u001Bj'), ['escape', 'j']);
	assert.deepEqual(names('\u001B\u001B[A'), ['up']);
});

test('keys are written for people as ↑, PgUp, Ctrl-W', () => {
	assert.equal(keyLabel('up'), '↑');
	assert.equal(keyLabel('pageup'), 'PgUp');
	assert.equal(keyLabel('ctrl-w'), 'Ctrl-W');
	assert.equal(keyLabel('r'), 'r');
	assert.deepEqual(keyOfCharacter('\u0085'), {name: 'unknown'}, 'C1 controls type nothing');
});
