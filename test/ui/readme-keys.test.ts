/** readme.md's key table lists exactly the keys of the app's key table, where they apply. */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {keysText} from '../../source/ui/keys/help-lines.js';
import {contextTitles, keyTable} from '../../source/ui/keys/key-table.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../readme.md'), 'utf8');

/** The rows of the first table in the readme's "## Keys" section, as cells. */
function keysSectionRows(): string[][] {
	const section = readme.split(/^## /m).find((part) => part.startsWith('Keys\n'));
	assert.ok(section, 'readme.md has a "## Keys" section');
	const table = section
		.split('\n')
		.filter((line) => line.startsWith('|'))
		.map((line) =>
			line
				.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
				.split('|')
				.map((cell) => cell.trim()),
		);
	assert.deepEqual(table[0], ['key', 'where', 'what'], 'the table has the columns key, where, what');
	return table.slice(2);
}

test('the readme lists every binding of the key table, and nothing else', () => {
	const documented = keysSectionRows().map(([keys, where]) => `${keys} @ ${where}`);
	const bound = keyTable.map((binding) => `${keysText(binding)} @ ${contextTitles[binding.context]}`);
	assert.deepEqual([...documented].sort(), [...bound].sort());
});

test('every documented key says what it does', () => {
	for (const [keys, where, what] of keysSectionRows()) assert.ok(what && what.length > 2, `${keys} (${where}) is explained`);
});
