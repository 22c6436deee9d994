/**
 * One width for the whole app, in whole rows: a name with a character the list once measured
 * differently from Ink (☰ is two cells since Unicode 16) keeps the state column in line.
 * Also run on the shipped bundle's Ink by ui-on-shipped-ink.test.ts; every BMP code point is
 * in one-width-bmp.test.ts.
 */
import '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import React from 'react';
import stringWidth from 'string-width';
import {AccountRow} from '../../source/ui/account-row.js';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderCounted} from '../ui/render-count.js';

afterEach(() => cleanup());

/** Code points whose width the list once got wrong (Unicode 16 made the trigrams wide, among others). */
const onceWrong = ['☰', '☷', '⚊', '〈', '〉', '\u00AD', '\u200B', '\u3164'];

test('a name with ☰ (or another once mis-measured character) keeps the state column in line', async () => {
	const rows = Object.fromEntries(
		['plain', ...onceWrong.map(character => `${character}menu`), `${'☰'.repeat(30)}`].map((name, index) => [
			`row${index}`,
			<AccountRow key={name} entry={{account: blueskyAccount({name}), refreshing: false}} selected={false} width={60} />,
		]),
	);
	const view = renderCounted(rows);
	const frame = await view.waitFor('plain');
	const lines = frame.split('\n');
	assert.equal(lines.length, onceWrong.length + 2);
	// Ink's own measure of what precedes the state badge.
	const stateColumns = lines.map(line => stringWidth(line.slice(0, line.indexOf('✓'))));
	assert.deepEqual(stateColumns, lines.map(() => stateColumns[0]));
});
