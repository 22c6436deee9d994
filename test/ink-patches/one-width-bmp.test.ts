/**
 * One width for the whole app: a column cut or padded by source/ui/lib/fit-column.ts ends
 * exactly where Ink draws its end — in Ink's own Output (stock Ink, as the other tests run
 * it), in ours (the bundle's), and in the string-width Yoga lays the text out with — for every
 * BMP code point. (test/ink-patches/one-width.test.tsx draws whole rows, also on the bundle.)
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import stringWidth from 'string-width';
import {inkFile} from '../../source/ink-patches/manifest.mjs';
import Output from '../../source/ink-patches/output.js';
import {cutToColumn, displayWidth, fitColumn} from '../../source/ui/lib/fit-column.js';

interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: never[]}): void;
	get(): {output: string; height: number};
}
type OutputClass = new (options: {width: number; height: number}) => OutputLike;

// Ink's own class, from the installed package (its exports map hides build files from bare imports).
const {default: InkOutput} = (await import(pathToFileURL(inkFile('build/output.js')).href)) as {default: OutputClass};

/** Lines drawn by an Output class: each text at column 0 with a `|` written at column `width` after it. */
function drawWithBar(OutputClass: OutputClass, texts: readonly string[], width: number): string[] {
	const lines: string[] = [];
	// A frame of a few thousand rows at a time: Ink's class keeps a cell object per column.
	for (let start = 0; start < texts.length; start += 4096) {
		const part = texts.slice(start, start + 4096);
		const output = new OutputClass({width: width + 1, height: part.length});
		part.forEach((text, row) => {
			output.write(0, row, text, {transformers: []});
			output.write(width, row, '|', {transformers: []});
		});
		lines.push(...output.get().output.split('\n'));
	}
	return lines;
}

const bmpCharacters = Array.from({length: 0x10000}, (_, code) => String.fromCharCode(code)).filter(character => !/\p{Surrogate}/u.test(character));
const codeOf = (character: string) => `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Where `texts` (one per BMP character) fail to end at exactly `width` when drawn by each class and measured by string-width. */
function columnMismatches(texts: readonly string[], width: number, drawers: ReadonlyArray<readonly [string, OutputClass]>): string[] {
	const mismatches: string[] = [];
	for (const [name, OutputClass] of drawers) {
		drawWithBar(OutputClass, texts, width).forEach((line, index) => {
			if (line !== `${texts[index]}|`) mismatches.push(`${codeOf(bmpCharacters[index]!)} in ${width}, ${name}: ${JSON.stringify(line)}`);
		});
	}
	texts.forEach((text, index) => {
		if (stringWidth(text) !== width) mismatches.push(`${codeOf(bmpCharacters[index]!)} in ${width}, string-width: ${stringWidth(text)}`);
		if (displayWidth(text) !== width) mismatches.push(`${codeOf(bmpCharacters[index]!)} in ${width}, displayWidth: ${displayWidth(text)}`);
	});
	return mismatches;
}

test('every BMP code point in a name: the padded column ends where Ink, our Output and Yoga end it', () => {
	const mismatches = columnMismatches(bmpCharacters.map(character => fitColumn(`a${character}bc`, 8)), 8, [['Ink', InkOutput], ['ours', Output]]);
	assert.equal(mismatches.length, 0, `${mismatches.length} mismatches, first: ${mismatches.slice(0, 8).join('; ')}`);
});

test('every BMP code point where a name is cut: the column ends where our Output (Ink\'s, byte for byte) and Yoga end it', () => {
	const mismatches = columnMismatches(bmpCharacters.map(character => fitColumn(`${character}${character}abc`, 3)), 3, [['ours', Output]]);
	assert.equal(mismatches.length, 0, `${mismatches.length} mismatches, first: ${mismatches.slice(0, 8).join('; ')}`);
});

test('emoji, flags, joined and combined graphemes fit as drawn too', () => {
	const graphemes = ['😀', '👍🏽', '👨‍👩‍👧', '🇩🇪', '1️⃣', '#⃣', 'e\u0301', 'ｶﾞ', '한', 'क्ष', '❤️', '☁︎', '\u0301lone', 'a\tb', 'x\u0007y', '中文'];
	for (const width of [1, 2, 3, 4, 7, 12]) {
		const texts = graphemes.map(grapheme => fitColumn(`a${grapheme}b${grapheme}`, width));
		for (const OutputClass of [InkOutput, Output]) assert.deepEqual(drawWithBar(OutputClass, texts, width), texts.map(text => `${text}|`), `in ${width}`);
		for (const text of texts) assert.equal(stringWidth(text), width, JSON.stringify(text));
	}
});

test('what takes no cells is left out of a column; what fits is kept as it is', () => {
	assert.equal(cutToColumn('a\u200Bb', 10), 'ab');
	assert.equal(cutToColumn('\u0301name', 10), 'name');
	assert.equal(cutToColumn('e\u0301t\u00E9', 10), 'e\u0301t\u00E9');
	assert.equal(cutToColumn('☰ menu', 10), '☰ menu');
	assert.equal(displayWidth('☰'), 2);
	assert.equal(cutToColumn('☰☰☰', 5), '☰☰…');
	assert.equal(fitColumn('☰☰☰', 4), '☰… ');
});
