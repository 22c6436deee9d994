/** Small and large terminals: every line fits, nothing runs together, what matters stays. */
import {keys, lineCount, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {helpLines} from '../../source/ui/keys/help-lines.js';
import {blueskyAccount, minute, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';
import {terminalSizes} from '../support/terminal-sizes.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const fleet = () => [
	blueskyAccount({name: 'alice', url: 'https://entryway.example.org', pdsUrl: 'https://pds.example.org/xrpc/some/very/deep/path/that/goes/on/and/on/end'}),
	zettelstoreAccount({name: 'notes', tokenReceivedAt: testEpoch - 55 * minute, tokenExpiresAt: testEpoch + 5 * minute}),
	blueskyAccount({name: 'gone', status: 'needs-login'}),
	...Array.from({length: 40}, (_, index) => blueskyAccount({name: `n${String(index).padStart(2, '0')}`})),
];

const titles = (frame: string) => frame.split('\n').find((line) => line.includes('NAME') && line.includes('STATE')) ?? '';

for (const [columns, rows] of terminalSizes) {
	test(`${columns}×${rows}: rows − 1 lines, none wider than the terminal, titles apart, ? help and q quit kept`, async () => {
		const app = renderApp(fleet(), {columns, rows});
		const frame = await app.waitFor((text) => text.includes('q quit') && titles(text) !== '');
		assert.equal(lineCount(frame), rows - 1);
		for (const line of frame.split('\n')) assert.ok(line.length <= columns, `${line.length} > ${columns}: ${line}`);
		assert.match(titles(frame), /NAME +STATE +LEFT( |$)/, 'each title stands apart');
		if (columns >= 60) assert.match(titles(frame), /^ {2}SERVICE +NAME/);
		else assert.doesNotMatch(titles(frame), /SERVICE/, 'the service column went first');
		assert.match(frame.split('\n').at(-1) ?? '', /\? help {2}q quit$/);
		assert.match(frame.split('\n')[0] ?? '', /^tokentop 43 accounts/);
		if (rows < 50) assert.match(frame.split('\n')[0] ?? '', / of 43/, 'where the list is, since it does not fit');
		else assert.doesNotMatch(frame.split('\n')[0] ?? '', / of 43/, 'all 43 fit: no position');
	});
}

test('40×12: the help scrolls through every line', async () => {
	const app = renderApp(fleet(), {columns: 40, rows: 12});
	await app.waitFor('q quit');
	await press(app.stdin, '?');
	await app.waitFor(`1–7 of ${helpLines.length}`);
	for (let page = 0; page < Math.ceil(helpLines.length / 7); page++) await press(app.stdin, keys.pageDown);
	const frame = await app.waitFor(`–${helpLines.length} of ${helpLines.length}`);
	assert.match(frame, /no auth needed/, 'the states are at the end');
	assert.equal(lineCount(frame), 11);
});

test('long values in the pane are cut in the middle: the host of a URL and the end of a path stay', async () => {
	const app = renderApp(fleet(), {columns: 60, rows: 30});
	const frame = await app.waitFor('PDS');
	const pds = frame.split('\n').find((line) => line.startsWith('PDS')) ?? '';
	assert.match(pds, /^PDS\s+https:\/\/pds\.example\.org…[a-z/]*\/on\/end$/, pds);
	assert.ok(pds.length <= 60);
	const stored = frame.split('\n').find((line) => line.startsWith('stored in')) ?? '';
	assert.match(stored, /^stored in\s+\/home\/\S*…\/accounts\.json \(mode 0600\)$/, stored);
});
