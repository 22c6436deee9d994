/** source/ink-patches/sgr-codes.ts makes the same tokens as @alcalzone/ansi-tokenize for any SGR sequence. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {tokenize} from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import {sgrCodes} from '../../source/ink-patches/sgr-codes.js';

const libraryCodes = (sequence: string) => tokenize(sequence).filter((token) => token.type === 'ansi');

test('colours, attributes, their ends, 256 and true colours, compounds, unknown and empty codes', () => {
	for (const sequence of ['\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B[0m', '\u001B[m', '\u001B[5m', '\u001B[53m', '\u001B[38;5;208m', '\u001B[48;2;1;2;3m', '\u001B[1;4;31m', '\u001B[38;5m', '\u001B[38;2;1m', '\u001B[107m', '\u001B[0;1m']) {
		assert.deepEqual(sgrCodes(sequence), libraryCodes(sequence), JSON.stringify(sequence));
	}
});

test('any sequence of digits and semicolons (property)', () => {
	const parameters = fc.array(fc.oneof(fc.integer({min: 0, max: 120}).map(String), fc.constantFrom('38', '48', '5', '2', '')), {maxLength: 7});
	fc.assert(
		fc.property(parameters, (parts) => {
			const sequence = `\u001B[${parts.join(';')}m`;
			assert.deepEqual(sgrCodes(sequence), libraryCodes(sequence));
		}),
		{numRuns: 3000},
	);
});
