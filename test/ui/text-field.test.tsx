import {stripAnsi} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import React from 'react';
import {MaskedField, TextField} from '../../source/ui/text-field.js';

afterEach(() => cleanup());

test('shows the text and a cursor when focused', () => {
	assert.equal(render(<TextField value="alice" focused />).lastFrame(), 'alice▌');
	assert.equal(render(<TextField value="alice" focused={false} />).lastFrame(), 'alice');
});

test('masked: one bullet per character of the mask, and the cursor', () => {
	assert.equal(render(<MaskedField mask={{length: 8, cursor: 8}} focused />).lastFrame(), '••••••••▌');
	assert.equal(stripAnsi(render(<MaskedField mask={{length: 3, cursor: 1}} focused />).lastFrame() ?? ''), '•••');
});

test('the cursor inside the text inverts the character under it', () => {
	const frame = render(<TextField value="alice" cursor={2} focused />).lastFrame() ?? '';
	assert.equal(frame, `al${inverse}i${inverseOff}ce`);
});

test('a placeholder shows only while empty and unfocused', () => {
	assert.match(render(<TextField value="" focused={false} placeholder="optional" />).lastFrame() ?? '', /optional/);
	assert.equal(render(<TextField value="" focused placeholder="optional" />).lastFrame(), '▌');
});

const inverse = '\u001B[7m';
const inverseOff = '\u001B[27m';
