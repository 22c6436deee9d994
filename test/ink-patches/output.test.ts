/**
 * The bundled app draws with source/ink-patches/output.ts instead of Ink's Output: every frame
 * it produces must be byte-for-byte what Ink's own class produces from the same writes.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {inkFile} from '../../source/ink-patches/manifest.mjs';
import Output from '../../source/ink-patches/output.js';

type Transformer = (line: string, index: number) => string;
type Clip = {x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined};
interface OutputLike {
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: Clip): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type Operation = {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]} | {type: 'clip'; clip: Clip} | {type: 'unclip'};
interface Frame {
	width: number;
	height: number;
	operations: Operation[];
}

// Ink's own class, from the installed package (its exports map hides build files from bare imports).
const {default: InkOutput} = (await import(pathToFileURL(inkFile('build/output.js')).href)) as {default: new (options: {width: number; height: number}) => OutputLike};

function draw(OutputClass: new (options: {width: number; height: number}) => OutputLike, frame: Frame): {output: string; height: number} {
	const output = new OutputClass({width: frame.width, height: frame.height});
	for (const operation of frame.operations) {
		if (operation.type === 'write') output.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		else if (operation.type === 'clip') output.clip(operation.clip);
		else output.unclip();
	}
	return output.get();
}

function assertSameAsInk(frame: Frame): void {
	const expected = draw(InkOutput, frame);
	assert.deepEqual(draw(Output, frame), expected);
	// Again, now that the row and text caches hold this frame.
	assert.deepEqual(draw(Output, frame), expected);
}

const write = (x: number, y: number, text: string, transformers: Transformer[] = []): Operation => ({type: 'write', x, y, text, transformers});
const red = (text: string) => `\u001B[31m${text}\u001B[39m`;
const bold = (text: string) => `\u001B[1m${text}\u001B[22m`;

test('a list frame with colours, a border and a countdown matches Ink, frame after frame', () => {
	for (let seconds = 59; seconds >= 50; seconds--) {
		assertSameAsInk({
			width: 60,
			height: 6,
			operations: [
				write(0, 0, bold('tokentop 3 accounts')),
				write(0, 1, '┌──────────────┐\n│              │\n└──────────────┘'),
				write(2, 2, `› zs-00001 ${red('✓ ok')}`),
				write(30, 2, `59m ${seconds}s`),
				write(2, 4, '中文 wide 😀 and e\u0301 combined'),
			],
		});
	}
});

test('overlapping writes, a wide character cut in half, writes past the edges and clipped boxes match Ink', () => {
	assertSameAsInk({width: 10, height: 3, operations: [write(0, 0, '中中中中'), write(1, 0, 'x'), write(8, 1, 'overflowing'), write(14, 2, 'gap')]});
	assertSameAsInk({width: 10, height: 3, operations: [write(0, -1, 'a\nb\nc'), write(-2, 1, 'left')]});
	assertSameAsInk({
		width: 12,
		height: 4,
		operations: [{type: 'clip', clip: {x1: 2, x2: 8, y1: 1, y2: 3}}, write(0, 0, red('clipped text\nsecond line\nthird line\nfourth')), {type: 'unclip'}, write(0, 3, 'after')],
	});
	assertSameAsInk({width: 8, height: 2, operations: [write(0, 0, '\u001B[44m        \u001B[49m'), write(2, 0, red('on blue'))]});
});

// Random frames: texts made of styled fragments (nested and unbalanced codes, links, 256 and
// true colours), wide and combining characters, several lines, transformers, nested clips.
const styles: Array<[string, string]> = [
	['\u001B[1m', '\u001B[22m'],
	['\u001B[2m', '\u001B[22m'],
	['\u001B[31m', '\u001B[39m'],
	['\u001B[32m', '\u001B[39m'],
	['\u001B[44m', '\u001B[49m'],
	['\u001B[4m', '\u001B[24m'],
	['\u001B[7m', '\u001B[27m'],
	['\u001B[38;5;208m', '\u001B[39m'],
	['\u001B[38;2;1;2;3m', '\u001B[39m'],
	['\u001B[1;31m', '\u001B[0m'],
	['\u001B]8;;https://example.test\u0007', '\u001B]8;;\u0007'],
];
const glyph = fc.constantFrom('a', 'b', 'Z', '0', ' ', ' ', '─', '│', '✓', '›', '…', '中', '文', 'ｶﾞ', '😀', '👍🏽', 'e\u0301', '\u200B', '⚠', '✅');
const plain = fc.array(glyph, {minLength: 1, maxLength: 8}).map(glyphs => glyphs.join(''));
const fragment = fc.oneof(
	plain,
	fc.tuple(fc.constantFrom(...styles), plain).map(([[open, close], text]) => `${open}${text}${close}`),
	fc.tuple(fc.constantFrom(...styles), plain).map(([[open], text]) => `${open}${text}`),
	fc.tuple(fc.constantFrom(...styles), fc.constantFrom(...styles), plain).map(([[outerOpen, outerClose], [innerOpen, innerClose], text]) => `${outerOpen}x${innerOpen}${text}${innerClose}y${outerClose}`),
);
const line = fc.array(fragment, {minLength: 1, maxLength: 3}).map(fragments => fragments.join(''));
const text = fc.array(line, {minLength: 1, maxLength: 3}).map(lines => lines.join('\n'));
const transformerChoices: Transformer[] = [line => red(line), (line, index) => (index === 0 ? line : ` ${line}`), line => line.toUpperCase()];
const transformers = fc.subarray(transformerChoices);
const coordinate = fc.integer({min: -3, max: 14});
const optionalCoordinate = fc.option(coordinate, {nil: undefined});
const operation: fc.Arbitrary<Operation> = fc.oneof(
	{weight: 6, arbitrary: fc.record({type: fc.constant('write' as const), x: coordinate, y: fc.integer({min: -2, max: 7}), text, transformers})},
	{weight: 1, arbitrary: fc.record({type: fc.constant('clip' as const), clip: fc.record({x1: optionalCoordinate, x2: optionalCoordinate, y1: optionalCoordinate, y2: optionalCoordinate})})},
	{weight: 1, arbitrary: fc.constant({type: 'unclip' as const})},
);
const frame: fc.Arbitrary<Frame> = fc.record({width: fc.integer({min: 0, max: 14}), height: fc.integer({min: 0, max: 6}), operations: fc.array(operation, {maxLength: 10})});

test('any frame matches Ink byte for byte (property)', () => {
	fc.assert(
		fc.property(frame, candidate => {
			assertSameAsInk(candidate);
		}),
		{numRuns: 1500},
	);
});

// Rows of writes side by side, left to right, as the app's columns are: the common case,
// which takes the run-based path unless a text is wider than its place.
const simpleGlyph = fc.constantFrom('a', 'Z', '0', ' ', '─', '│', '✓', '›', '…', '中', 'ｶ', '⚠', '✅');
const simpleText = fc
	.array(fc.oneof(fc.array(simpleGlyph, {minLength: 1, maxLength: 6}).map(glyphs => glyphs.join('')), fc.constantFrom(...styles.slice(0, 10).flat(), '\u001B[m', '\u001B[5m', '\u001B[53m', '\u001B[48;5;17m', '\u001B[0;1m')), {minLength: 1, maxLength: 5})
	.map(parts => parts.join(''));
const sideBySide: fc.Arbitrary<Frame> = fc
	.record({
		width: fc.integer({min: 0, max: 40}),
		rows: fc.array(fc.array(fc.record({gap: fc.integer({min: 0, max: 4}), text: simpleText, transformers}), {maxLength: 4}), {maxLength: 5}),
	})
	.map(({width, rows}) => ({
		width,
		height: rows.length,
		operations: rows.flatMap((writes, y) => {
			let x = 0;
			return writes.map(({gap, text: written, transformers: chosen}) => {
				x += gap;
				const placed = write(x, y, written, chosen);
				x += stringWidth(written);
				return placed;
			});
		}),
	}));

test('columns written side by side match Ink byte for byte (property)', () => {
	fc.assert(
		fc.property(sideBySide, candidate => {
			assertSameAsInk(candidate);
		}),
		{numRuns: 1500},
	);
});
