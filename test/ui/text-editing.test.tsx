import {keys, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

const deleteKey = '\u001B[3~';
const ctrl = (letter: string) => String.fromCodePoint(letter.codePointAt(0)! - 0x60);
/** The filter line with the cursor shown as [x] (the character under it) or ▌ (at the end). */
const filterLine = (app: ReturnType<typeof renderApp>) => {
	const raw = (app.lastFrame() ?? '').split('\n').find((line) => line.includes('/ filter:')) ?? '';
	// eslint-disable-next-line no-control-regex
	return raw.replace(/\u001B\[7m(.)\u001B\[27m/gu, '[$1]').replace(/\u001B\[[0-9;]*m/g, '');
};

async function filterShows(app: ReturnType<typeof renderApp>, expected: string) {
	await app.waitFor(() => filterLine(app) === `/ filter: ${expected}`);
}

test('the filter has a cursor: ←/→, Home/End, Ctrl-A/E move it; typing inserts at it', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	await press(app.stdin, '/');
	await type(app.stdin, 'alce');
	await filterShows(app, 'alce▌');
	await press(app.stdin, keys.left);
	await press(app.stdin, keys.left);
	await filterShows(app, 'al[c]e');
	await type(app.stdin, 'i');
	await filterShows(app, 'ali[c]e');
	await press(app.stdin, keys.home);
	await filterShows(app, '[a]lice');
	await press(app.stdin, keys.end);
	await filterShows(app, 'alice▌');
	await press(app.stdin, ctrl('a'));
	await press(app.stdin, keys.right);
	await filterShows(app, 'a[l]ice');
	await press(app.stdin, ctrl('e'));
	await filterShows(app, 'alice▌');
});

test('Backspace deletes before the cursor, Delete under it, Ctrl-W a word, Ctrl-U to the start', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	await press(app.stdin, '/');
	await type(app.stdin, 'one two three');
	await press(app.stdin, ctrl('w'));
	await filterShows(app, 'one two ▌');
	await press(app.stdin, keys.backspace);
	await filterShows(app, 'one two▌');
	await press(app.stdin, keys.home);
	await press(app.stdin, deleteKey);
	await filterShows(app, '[n]e two');
	await press(app.stdin, keys.right);
	await press(app.stdin, keys.right);
	await press(app.stdin, ctrl('u'));
	await filterShows(app, '[ ]two');
});

test('the form fields have the cursor too, the password (masked) included', async () => {
	const app = renderApp([zettelstoreAccount({name: 'notes'})], {password: 'secret'});
	await app.waitFor('notes');
	await press(app.stdin, 'a');
	await app.waitFor('Add an account');
	await press(app.stdin, keys.tab);
	// The URL field starts with the default; ← moves into it and typing inserts there.
	for (let step = 0; step < 7; step++) await press(app.stdin, keys.left);
	await type(app.stdin, 'x');
	await app.waitFor((frame) => /URL\s+https:\/\/bskyx\.social/.test(frame));
	await press(app.stdin, keys.tab);
	await type(app.stdin, 'me');
	await press(app.stdin, keys.tab);
	await type(app.stdin, 'secrt');
	await press(app.stdin, keys.left);
	await type(app.stdin, 'e');
	await press(app.stdin, keys.end);
	await app.waitFor('••••••▌');
	await press(app.stdin, keys.enter);
	await press(app.stdin, keys.enter);
	await app.waitFor('added me');
	assert.equal(app.manager.calls.login[0]?.password, 'secret', 'the edit landed where the cursor was');
	assert.equal(app.manager.calls.login[0]?.url, 'https://bskyx.social');
});
