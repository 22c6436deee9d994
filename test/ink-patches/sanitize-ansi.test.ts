/** The bundled app strips escape codes through source/ink-patches/sanitize-ansi.ts: always Ink's answer. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {pathToFileURL} from 'node:url';
import {inkFile} from '../../source/ink-patches/manifest.mjs';
import {sanitizeAnsiWith} from '../../source/ink-patches/sanitize-ansi.js';

// Ink's own function, from the installed package (its exports map hides build files from bare imports).
const {default: inkSanitizeAnsi} = (await import(pathToFileURL(inkFile('build/sanitize-ansi.js')).href)) as {default: (text: string) => string};
const sanitizeAnsi = sanitizeAnsiWith(inkSanitizeAnsi);

test('colour codes stay, cursor movement and screen clearing go, as in Ink', () => {
	const coloured = '\u001B[31m✓ ok\u001B[39m \u001B[1;4mbold\u001B[22;24m \u001B[38;2;1;2;3mrgb\u001B[m';
	assert.equal(sanitizeAnsi(coloured), coloured);
	assert.equal(sanitizeAnsi('plain text'), 'plain text');
	for (const hostile of ['a\u001B[2Jb', 'a\u001B[1Ab', '\u001B]8;;https://x.test\u0007link\u001B]8;;\u0007', 'a\u009B2Jb', 'tail\u001B', 'x\u001B[?25ly']) {
		assert.equal(sanitizeAnsi(hostile), inkSanitizeAnsi(hostile), JSON.stringify(hostile));
	}
	assert.equal(sanitizeAnsi('a\u001B[2Jb'), 'ab');
});

test('any text: the same as Ink (property)', () => {
	const piece = fc.oneof(
		fc.constantFrom('\u001B', '[', ']', '3', '1', ';', ':', 'm', 'K', 'J', '?', ' ', 'a', '✓', '中', '\u0007', '\u009B', '\u009C', '\u0085', '\u001B[31m', '\u001B[39m', '\u001B[2K', '\u001B]8;;u\u0007', '\u001B\\'),
		fc.string({maxLength: 3}),
	);
	fc.assert(
		fc.property(fc.array(piece, {maxLength: 30}), pieces => {
			const text = pieces.join('');
			assert.equal(sanitizeAnsi(text), inkSanitizeAnsi(text));
		}),
		{numRuns: 5000},
	);
});
