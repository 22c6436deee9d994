import {keys, nextTick, press, type} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {listedNames, renderAppShowing} from './render-app.js';

afterEach(() => cleanup());

/** What a terminal sends for a paste once bracketed paste is on. */
const bracketed = (text: string) => `\u001B[200~${text}\u001B[201~`;

const team = () => [blueskyAccount({name: 'alice'}), blueskyAccount({name: 'bob'}), zettelstoreAccount({name: 'notes'})];

test('a bracketed paste of "alice⏎dy" into the filter is text: alice is not removed', async () => {
	const app = await renderAppShowing('notes', team());
	await press(app.stdin, '/');
	await app.pressFor(bracketed('alice\rdy'), '/ filter: alice dy▌');
	await press(app.stdin, keys.backspace);
	await press(app.stdin, keys.backspace);
	await press(app.stdin, keys.backspace);
	await app.waitFor((frame) => frame.includes('/ filter: alice▌') && listedNames(frame).join() === 'alice');
	assert.equal(app.manager.calls.remove.length, 0);
	assert.doesNotMatch(app.text(), /Remove/);
});

test('a paste that arrives in pieces is still one paste', async () => {
	const app = await renderAppShowing('notes', team());
	await press(app.stdin, '/');
	await press(app.stdin, '\u001B[200~ali');
	await press(app.stdin, 'ce\r');
	await app.pressFor('q\u001B[201~', '/ filter: alice q▌');
	assert.doesNotMatch(app.text(), /Remove|Keys/);
});

test('an unbracketed paste with a line break (one chunk) is text too', async () => {
	let exited = false;
	const app = await renderAppShowing('notes', team(), {onExit: () => (exited = true)});
	await press(app.stdin, '/');
	await app.pressFor('alice\rdyq', '/ filter: alice dyq▌');
	assert.equal(exited, false);
	assert.equal(app.manager.calls.remove.length, 0);
});

test('a paste on the list is ignored and says so: no key of it acts', async () => {
	let exited = false;
	const app = await renderAppShowing('notes', team(), {onExit: () => (exited = true)});
	await app.pressFor(bracketed('jdyRq'), '› paste ignored: no text field has focus');
	await nextTick();
	assert.equal(exited, false);
	assert.equal(app.manager.calls.refreshAll, 0);
	assert.doesNotMatch(app.text(), /Remove/);
});

test('a pasted "y" never answers the removal question', async () => {
	const app = await renderAppShowing('notes', team());
	await app.pressFor('d', 'Remove alice? (y/n)');
	await press(app.stdin, bracketed('y'));
	await press(app.stdin, bracketed('y\r'));
	await nextTick();
	assert.equal(app.manager.calls.remove.length, 0);
	await app.pressFor('y', 'removed alice');
});

test('a paste into the form goes into the focused field; into the password masked, its line break dropped', async () => {
	const app = await renderAppShowing('No accounts', []);
	await app.pressFor('a', 'Add an account');
	await press(app.stdin, keys.tab);
	await press(app.stdin, '\u0015'); // Ctrl-U: the default URL goes
	await press(app.stdin, bracketed('https://pds.example\n'));
	await app.waitFor((frame) => /URL\s+https:\/\/pds\.example▌/.test(frame));
	await press(app.stdin, keys.tab);
	await press(app.stdin, 'new.example\r\n');
	await app.waitFor((frame) => /handle or email\s+new\.example▌/.test(frame));
	await press(app.stdin, keys.tab);
	await app.pressFor(bracketed('correct horse\r\n'), '•••••••••••••▌');
	assert.equal(app.manager.calls.login.length, 0, 'the line breaks sent nothing');
	assert.ok(!app.frames.some((frame) => frame.includes('correct horse')), 'the password is never drawn');
	await press(app.stdin, keys.enter);
	await app.pressFor(keys.enter, 'added new.example');
	assert.deepEqual(app.manager.calls.login, [{service: 'bluesky', url: 'https://pds.example', identifier: 'new.example', password: 'correct horse'}]);
});

test('a paste on a choice of the form, or under the help, changes nothing', async () => {
	const app = await renderAppShowing('notes', team());
	await app.pressFor('?', 'Keys');
	await press(app.stdin, bracketed('q\r'));
	await nextTick();
	assert.match(app.text(), /Keys/);
	await press(app.stdin, keys.escape);
	await app.pressFor('a', 'Add an account');
	await press(app.stdin, bracketed(' \r'));
	await nextTick();
	assert.match(app.text(), /service\s+‹ bluesky ›/);
	await type(app.stdin, ' ');
	await app.waitFor((frame) => /service\s+‹ zettelstore ›/.test(frame));
});
