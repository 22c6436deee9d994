import {keys, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const lastLine = (frame: string) => frame.split('\n').at(-1) ?? '';

test('the bottom line says what the keys do in each mode', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {columns: 120, rows: 24});
	await app.waitFor((frame) => lastLine(frame).startsWith('↑↓ move  r refresh  R all  A auto  a add  d remove  / filter'));
	await press(app.stdin, '/');
	await app.waitFor((frame) => lastLine(frame) === 'Enter keep  Esc clear  type to filter  ←→ cursor');
	const listHints = (frame: string) => lastLine(frame).startsWith('↑↓ move');
	// A person waits to see the screen change before the next key; so does the test.
	await press(app.stdin, keys.escape);
	await app.waitFor(listHints);
	await press(app.stdin, '?');
	await app.waitFor((frame) => lastLine(frame) === '↑↓ PgUp PgDn scroll  Esc close help');
	await press(app.stdin, keys.escape);
	await app.waitFor(listHints);
	await press(app.stdin, 'd');
	await app.waitFor((frame) => lastLine(frame) === 'y remove  n keep');
	await press(app.stdin, 'n');
	await app.waitFor(listHints);
	await press(app.stdin, 'a');
	await app.waitFor((frame) => lastLine(frame) === 'Tab/↑↓ field  Enter next/log in  Esc cancel  ←→ choose');
	await press(app.stdin, keys.tab);
	await app.waitFor((frame) => lastLine(frame) === 'Tab/↑↓ field  Enter next/log in  Esc cancel  ←→ cursor');
});

test('with no accounts only the keys that make sense are offered', async () => {
	const app = renderApp([]);
	await app.waitFor((frame) => lastLine(frame) === 'a add account  ? help  q quit');
});

test('a kept filter and an account that needs a login bring their keys into the line', async () => {
	const app = renderApp([blueskyAccount({name: 'alice', status: 'needs-login'}), blueskyAccount({name: 'bob'})], {columns: 200, rows: 24});
	await app.waitFor((frame) => lastLine(frame).startsWith('Enter log in  ↑↓ move'));
	await press(app.stdin, '/');
	await press(app.stdin, 'b');
	await press(app.stdin, 'o');
	await press(app.stdin, keys.enter);
	await app.waitFor((frame) => lastLine(frame).includes('Esc clear filter') && !lastLine(frame).includes('Enter log in'));
});

for (const columns of [40, 60, 80]) {
	test(`at ${columns} columns the least important hints go first, and ? help and q quit stay`, async () => {
		const app = renderApp([blueskyAccount({name: 'alice'})], {columns, rows: 24});
		const frame = await app.waitFor((text) => lastLine(text).includes('q quit'));
		const line = lastLine(frame);
		assert.ok(line.length <= columns, `${line.length} ≤ ${columns}`);
		assert.match(line, /\? help {2}q quit$/);
		assert.ok(!line.includes('…'), 'no hint is cut in half');
		assert.match(line, /r refresh/, 'refresh is among the most important');
		if (columns < 80) assert.doesNotMatch(line, /s sort/, 'sort goes early');
	});
}
