/**
 * Our stringWidth must give exactly what `string-width` gives, for every input and options:
 * it replaces the original inside Ink, wrap-ansi and slice-ansi, so any difference moves layout.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import originalStringWidth from 'string-width';
import stringWidth, {isSimpleCodePoint, type Options} from '../../source/ink-patches/string-width.js';
import {readerWidths} from '../support/text-widths.js';

/** Walks inputs, collecting those where the two disagree; fails listing the first few. */
function assertSameWidths(inputs: Iterable<string>, options?: Options): void {
	const mismatches: string[] = [];
	for (const input of inputs) {
		const ours = stringWidth(input, options);
		const theirs = originalStringWidth(input, options);
		if (ours !== theirs) mismatches.push(`${describeText(input)}: ours ${ours}, original ${theirs}`);
	}
	assert.equal(mismatches.length, 0, `${mismatches.length} mismatches, first: ${mismatches.slice(0, 8).join('; ')}`);
}

function describeText(text: string): string {
	return Array.from({length: text.length}, (_, index) => text.charCodeAt(index))
		.map(code => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`)
		.join(' ');
}

function* bmp(): Generator<string> {
	for (let code = 0; code <= 0xffff; code++) yield String.fromCharCode(code);
}

function* simpleBmp(): Generator<string> {
	for (let code = 0; code <= 0xffff; code++) if (isSimpleCodePoint(code)) yield String.fromCharCode(code);
}

function* map(inputs: Iterable<string>, wrap: (character: string) => string): Generator<string> {
	for (const input of inputs) yield wrap(input);
}

describe('stringWidth', () => {
	it('measures what a reader expects', () => {
		for (const [text, cells] of readerWidths) assert.equal(stringWidth(text), cells, text);
		assert.equal(stringWidth('\u001B[31mred\u001B[39m'), 3);
	});

	it('answers non-strings, empty strings and odd options like the original', () => {
		for (const input of [undefined, null, 42, {}, new String('abc'), '']) {
			assert.equal(stringWidth(input), 0);
			assert.equal(stringWidth(input), originalStringWidth(input as string));
		}
		// The original throws on null options for any non-empty string; so do we.
		const nullOptions = null as unknown as Options;
		assert.throws(() => originalStringWidth('abc', nullOptions), TypeError);
		assert.throws(() => stringWidth('abc', nullOptions), TypeError);
		assert.throws(() => stringWidth('✓', nullOptions), TypeError);
		// Falsy-but-not-false options mean what they mean to the original.
		const oddOptions = [{ambiguousIsNarrow: 0}, {ambiguousIsNarrow: null}, {countAnsiEscapeCodes: 1}, {ambiguousIsNarrow: true}] as unknown as Options[];
		for (const options of oddOptions) assertSameWidths(['±§', '\u001B[1m±\u001B[22m', 'abc'], options);
	});

	it('measures every BMP code point alone, between letters and doubled, like the original', () => {
		assertSameWidths(bmp());
		assertSameWidths(map(bmp(), character => `a${character}b`));
		assertSameWidths(map(bmp(), character => character + character));
	});

	it('falls back when a simple code point meets a combining mark, VS16 or ZWJ', () => {
		assertSameWidths(map(simpleBmp(), character => `x${character}\u0301`));
		assertSameWidths(map(simpleBmp(), character => `${character}\uFE0F`));
		assertSameWidths(map(simpleBmp(), character => `${character}\u200D${character}`));
	});

	it('treats as simple only code points the segmenter never joins with another simple one', () => {
		const simple = [...simpleBmp()];
		assert.ok(simple.length > 40_000, `only ${simple.length} simple code points`);
		// Every simple code point next to every other would be 2^32 pairs. Code point order puts
		// each beside its neighbours in its own block; shuffled orders (a fixed-seed LCG, so a
		// failure repeats) give each a fresh pair of random neighbours per round.
		const segmenter = new Intl.Segmenter();
		let state = 42;
		for (let round = 0; round < 2; round++) {
			if (round > 0) {
				for (let index = simple.length - 1; index > 0; index--) {
					state = (state * 1_103_515_245 + 12_345) >>> 0;
					const other = state % (index + 1);
					[simple[index], simple[other]] = [simple[other]!, simple[index]!];
				}
			}
			const text = simple.join('');
			let clusters = 0;
			for (const _ of segmenter.segment(text)) clusters++;
			assert.equal(clusters, text.length, `round ${round}: some simple code points were joined`);
			if (round === 0) assert.equal(stringWidth(text), originalStringWidth(text));
		}
	});

	it('gives a single BMP code point width 2 as an RGI emoji exactly when it has Emoji_Presentation', () => {
		// Built at run time: the v flag is newer than the ES2022 target tsc checks against.
		const rgiEmoji = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
		const emojiPresentation = /^\p{Emoji_Presentation}$/u;
		const differing = [...bmp()].filter(character => rgiEmoji.test(character) !== emojiPresentation.test(character));
		assert.deepEqual(differing.map(describeText), []);
	});

	it('agrees with the original on random terminal text', () => {
		const unit = fc.constantFrom(
			'a', 'Z', '0', ' ', '~', '-', '[', '│', '─', '┌', '┐', '└', '┘', '├', '┤', '═', '←', '→', '↑', '↓', '⇄',
			'✓', '✗', '›', '…', '—', '·', '●', '▲', '▼', '±', '§', '°', 'é', 'ß', 'ü', '中', '文', '字', 'Ａ', 'Ｂ', '１',
			'ｶ', 'ﾞ', 'ﾟ', 'ｰ', 'ｶﾞ', '⌚', '✅', '☀', '❤', '😀', '👍', '👍🏽', '🏽', '🇩🇪', '🇩', '👨‍👩‍👧', '1️⃣', '#⃣',
			'e\u0301', '\u0301', '\uFE0E', '\uFE0F', '\u200D', '\u200C', '\u00AD', '한', '글', 'ᄀ', 'ᅡ', 'ᆨ',
			'ก', 'ำ', 'ไ', 'ท', 'ย', 'क', '्', 'ष', 'क्ष', 'ि', 'ൎ', '\u0600', '\t', '\n', '\r', '\r\n', '\u0000', '\u007F',
			'\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B[38;2;1;2;3m', '\u001B[0m', '\u009B',
			'\u001B]8;;https://example.org\u0007', '\u001B]8;;\u0007', '\u001B', '\uD83D', '\uDE00', '\uDFFF',
		);
		const text = fc.array(unit, {maxLength: 24}).map(units => units.join(''));
		const optionsList: Array<Options | undefined> = [undefined, {ambiguousIsNarrow: false}, {countAnsiEscapeCodes: true}];
		fc.assert(
			fc.property(text, fc.constantFrom(...optionsList), (input, options) => {
				assert.equal(stringWidth(input, options), originalStringWidth(input, options), describeText(input));
			}),
			{numRuns: 3000, interruptAfterTimeLimit: 10_000},
		);
	});
});
