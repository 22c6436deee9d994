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
	await app.waitFor((frame) => lastLine(frame) === 'type to filter  Enter keep  Esc clear');
	const listHints = (frame: string) => lastLine(frame).startsWith('↑↓ move');
	// A person waits to see the screen change before the next key; so does the test.
	await press(app.stdin, keys.escape);
	await app.waitFor(listHints);
	await press(app.stdin, '?');
	await app.waitFor((frame) => lastLine(frame) === 'Esc or ? close help');
	await press(app.stdin, keys.escape);
	await app.waitFor(listHints);
	await press(app.stdin, 'd');
	await app.waitFor((frame) => lastLine(frame) === 'y remove  n keep');
	await press(app.stdin, 'n');
	await app.waitFor(listHints);
	await press(app.stdin, 'a');
	await app.waitFor((frame) => lastLine(frame).includes('Esc cancel'));
});

test('with no accounts only the keys that make sense are offered', async () => {
	const app = renderApp([]);
	await app.waitFor((frame) => lastLine(frame) === 'a add account  ? help  q quit');
});

test('cut to the width, never wrapped', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {columns: 60, rows: 24});
	const frame = await app.waitFor((text) => lastLine(text).endsWith('…'));
	assert.ok(lastLine(frame).length <= 60);
});
