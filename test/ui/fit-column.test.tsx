import assert from 'node:assert/strict';
import {test} from 'node:test';
import {cutToColumn, displayWidth, fitColumn} from '../../source/ui/lib/fit-column.js';
import {readerWidths} from '../support/text-widths.js';

test('terminal cells: ASCII 1, CJK and emoji 2, combining marks and modifiers 0', () => {
	for (const [text, cells] of readerWidths) assert.equal(displayWidth(text), cells, text);
});

test('fitColumn pads short text and cuts long text with … to exactly the width', () => {
	assert.equal(fitColumn('bluesky', 12), 'bluesky     ');
	assert.equal(fitColumn('a-very-long-name', 8), 'a-very-…');
	assert.equal(fitColumn('exactly8', 8), 'exactly8');
	assert.equal(fitColumn('anything', 0), '');
	for (const text of ['日本語のアカウント', 'ab日本', '😀😀😀😀', 'plain-ascii-name']) {
		for (let width = 1; width <= 12; width++) assert.equal(displayWidth(fitColumn(text, width)), width, `${text} in ${width}`);
	}
});

test('cutToColumn leaves text that fits alone and never pads', () => {
	assert.equal(cutToColumn('alice', 10), 'alice');
	assert.equal(cutToColumn('a-very-long-name', 8), 'a-very-…');
	assert.equal(cutToColumn('日本語', 5), '日本…');
	assert.ok(displayWidth(cutToColumn('日本語のアカウント', 7)) <= 7);
});
