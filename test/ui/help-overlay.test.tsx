import {keys, press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {helpEntries} from '../../source/ui/help-overlay.js';
import {listCommands} from '../../source/ui/list/list-keys.js';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

test('every command key of the list is in the help', () => {
	const documented = helpEntries.flatMap(([keyText]) => keyText.split(/\s+/));
	for (const key of Object.keys(listCommands)) assert.ok(documented.includes(key), `${key} is documented`);
	for (const key of ['↑', '↓', 'j', 'k', 'Home', 'End', 'g', 'G', 'PgUp', 'PgDn', 'Esc']) assert.ok(documented.includes(key), key);
});

test('? shows every key; Esc, ? and q close it', async () => {
	let exited = false;
	const app = renderApp([blueskyAccount({name: 'alice'})], {rows: 30, onExit: () => (exited = true)});
	await app.waitFor('alice');
	for (const closeKey of [keys.escape, '?', 'q']) {
		await press(app.stdin, '?');
		const frame = await app.waitFor('Keys');
		for (const [keyText, meaning] of helpEntries) {
			assert.ok(frame.includes(keyText) && frame.includes(meaning), `${keyText} listed`);
		}
		await press(app.stdin, closeKey);
		await app.waitFor((text) => !text.includes('Keys') && text.includes('alice'));
	}
	assert.equal(exited, false, 'q closes the help, it does not quit');
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
