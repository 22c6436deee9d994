import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import React from 'react';
import {TextField} from '../../source/ui/text-field.js';

afterEach(() => cleanup());

test('shows the text and a cursor when focused', () => {
	assert.equal(render(<TextField value="alice" focused />).lastFrame(), 'alice▌');
	assert.equal(render(<TextField value="alice" focused={false} />).lastFrame(), 'alice');
});

test('masked: one bullet per character, never the text', () => {
	const frame = render(<TextField value="hunter2😀" masked focused />).lastFrame() ?? '';
	assert.equal(frame, '••••••••▌');
});

test('a placeholder shows only while empty and unfocused', () => {
	assert.match(render(<TextField value="" focused={false} placeholder="optional" />).lastFrame() ?? '', /optional/);
	assert.equal(render(<TextField value="" focused placeholder="optional" />).lastFrame(), '▌');
});
