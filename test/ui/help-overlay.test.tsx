import {keys, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {helpLines} from '../../source/ui/keys/help-lines.js';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

test('? shows every key, scrolling through them with ↓ and PgDn; Esc, ? and q close it', async () => {
	let exited = false;
	const app = renderApp([blueskyAccount({name: 'alice'})], {rows: 30, onExit: () => (exited = true)});
	await app.waitFor('alice');
	for (const closeKey of [keys.escape, '?', 'q']) {
		await press(app.stdin, '?');
		let frame = await app.waitFor('Keys');
		const seen = new Set<string>();
		for (;;) {
			for (const line of frame.split('\n')) seen.add(line.trim().replace(/\s+/g, ' '));
			if (!/–(\d+) of (\d+)/.test(frame) || /–(\d+) of \1\D/.test(frame)) break;
			const before = frame;
			await press(app.stdin, keys.pageDown);
			frame = await app.waitFor((text) => text !== before);
		}
		for (const line of helpLines) {
			const text = line.kind === 'heading' ? line.text : `${line.keys} ${line.text}`;
			assert.ok(seen.has(text.replace(/\s+/g, ' ')), `"${text}" shown`);
		}
		await press(app.stdin, closeKey);
		await app.waitFor((text) => !text.includes('Keys') && text.includes('alice'));
	}
	assert.equal(exited, false, 'q closes the help, it does not quit');
});

test('↓ scrolls the help by a line, End to its last line, Home back', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})], {columns: 80, rows: 12});
	await app.waitFor('alice');
	await press(app.stdin, '?');
	await app.waitFor(`1–7 of ${helpLines.length}`);
	await press(app.stdin, keys.down);
	await app.waitFor(`2–8 of ${helpLines.length}`);
	await press(app.stdin, keys.end);
	await app.waitFor(`${helpLines.length - 6}–${helpLines.length} of ${helpLines.length}`);
	await press(app.stdin, keys.home);
	await app.waitFor(`1–7 of ${helpLines.length}`);
});

test('list keys do not fire under the help', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	await press(app.stdin, '?');
	await app.waitFor('Keys');
	for (const key of ['r', 'R', 'A', 'c', 'd', 'v']) await press(app.stdin, key);
	assert.deepEqual(app.manager.calls.refresh, []);
	assert.equal(app.manager.calls.refreshAll, 0);
	assert.deepEqual(app.manager.calls.setAutoRefresh, []);
	assert.equal(app.written.length, 0);
	assert.match(app.text(), /Keys/);
});
