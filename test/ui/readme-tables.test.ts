/** readme.md's key table lists exactly the keys of the app's key table, where they apply; its state table every state. */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {stateLooks} from '../../source/rules/account-state.js';
import {keysText} from '../../source/ui/keys/help-lines.js';
import {contextTitles, keyTable} from '../../source/ui/keys/key-table.js';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../readme.md'), 'utf8');

/** The rows (as cells) of the table in a "## " section of the readme whose header row is `columns`. */
function tableRows(sectionTitle: string, columns: string[]): string[][] {
	const section = readme.split(/^## /m).find((part) => part.startsWith(`${sectionTitle}\n`));
	assert.ok(section, `readme.md has a "## ${sectionTitle}" section`);
	const lines = section.split('\n');
	const header = lines.findIndex((line) => line.startsWith('|') && cellsOf(line).join() === columns.join());
	assert.ok(header >= 0, `the ${sectionTitle} section has a table with the columns ${columns.join(', ')}`);
	const rows: string[][] = [];
	for (const line of lines.slice(header + 2)) {
		if (!line.startsWith('|')) break;
		rows.push(cellsOf(line));
	}
	return rows;
}

function cellsOf(line: string): string[] {
	return line
		.slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
		.split('|')
		.map((cell) => cell.trim());
}

const keysSectionRows = () => tableRows('Keys', ['key', 'where', 'what']);

test('the readme lists every binding of the key table, and nothing else', () => {
	const documented = keysSectionRows().map(([keys, where]) => `${keys} @ ${where}`);
	const bound = keyTable.map((binding) => `${keysText(binding)} @ ${contextTitles[binding.context]}`);
	assert.deepEqual([...documented].sort(), [...bound].sort());
});

test('every documented key says what it does', () => {
	for (const [keys, where, what] of keysSectionRows()) assert.ok(what && what.length > 2, `${keys} (${where}) is explained`);
});

test('the readme lists every state with its symbol, word and colour', () => {
	const documented = tableRows('The screen', ['state', 'meaning']).map(([state]) => state);
	const states = Object.values(stateLooks).map((look) => `${look.symbol} ${look.word} (${look.color})`);
	assert.deepEqual([...documented].sort(), [...states].sort());
});
