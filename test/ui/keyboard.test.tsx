import {keys, nextTick} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount, zettelstoreAccount} from '../support/fake-manager.js';
import {listedNames, renderApp, selectedName} from './render-app.js';

afterEach(() => cleanup());

/**
 * Keys written with NO tick between them: React has not re-rendered (the new mode is not
 * drawn, no effect of it has run) when the next key arrives. One keyboard listener, mounted
 * for the whole run, must still hand each key to the mode the key before switched to.
 */

const team = () => [blueskyAccount({name: 'owner'}), blueskyAccount({name: 'reader'}), zettelstoreAccount({name: 'writer'})];

async function started(accounts = team(), options: Parameters<typeof renderApp>[1] = {}) {
	const app = renderApp(accounts, options);
	await app.waitFor('writer');
	// The app is drawn and its effects ran; from here on nothing waits between keys.
	await nextTick();
	return app;
}

/** r after the server rejected the selected account's credential: waits for the password prompt to show `shown`. */
async function openReloginPrompt(app: Awaited<ReturnType<typeof started>>, reason: string, shown: string): Promise<void> {
	app.manager.failNext('refresh', 'needs-login', reason);
	app.stdin.write('r');
	await app.waitFor(shown);
}

test('/ and then writ in the same tick: the filter gets every key', async () => {
	const app = await started();
	app.stdin.write('/');
	app.stdin.write('writ');
	await app.waitFor((frame) => frame.includes('/ filter: writ▌') && listedNames(frame).join() === 'writer');
});

test('/ and writ typed one key at a time in the same tick', async () => {
	const app = await started();
	for (const key of '/writ') app.stdin.write(key);
	await app.waitFor((frame) => frame.includes('/ filter: writ▌') && listedNames(frame).join() === 'writer');
});

test('"/writ" in one chunk (a paste, or a busy machine) is split into its keys', async () => {
	const app = await started();
	app.stdin.write('/writ');
	await app.waitFor((frame) => frame.includes('/ filter: writ▌') && listedNames(frame).join() === 'writer');
});

test('a chunk with a line break in it is a paste, not keys: on the list it is ignored', async () => {
	const app = await started([...team(), blueskyAccount({name: 'rewrite'})]);
	app.stdin.write('/writ\rjdy');
	await app.waitFor('paste ignored');
	assert.equal(listedNames(app.text()).length, 4);
	assert.doesNotMatch(app.text(), /filter:|Remove/);
	assert.deepEqual(app.manager.calls.remove, []);
});

test('after "/" a pasted "writ⏎j" lands in the filter as text; the line break confirms nothing', async () => {
	const app = await started([...team(), blueskyAccount({name: 'rewrite'})]);
	app.stdin.write('/');
	app.stdin.write('writ\rj');
	await app.waitFor((frame) => frame.includes('/ filter: writ j▌'));
	assert.equal(selectedName(app.text()), undefined, 'no account matches "writ j"');
});

test('a and then typing in the same tick: the keys fill the form, none reach the list', async () => {
	let exited = false;
	const app = await started(team(), {onExit: () => (exited = true)});
	app.stdin.write('a');
	app.stdin.write(keys.tab);
	app.stdin.write(keys.tab);
	app.stdin.write('quick.bsky.social');
	const frame = await app.waitFor('quick.bsky.social');
	assert.match(frame, /Add an account/);
	assert.match(frame, /handle or email\s+quick\.bsky\.social▌/);
	assert.equal(exited, false);
	assert.deepEqual(app.manager.calls.refresh, []);
});

test('the whole add form typed in one burst logs in', async () => {
	const app = await started();
	for (const chunk of ['a', keys.tab, keys.tab, 'new.bsky.social', keys.tab, 'correct horse', keys.tab, 'mike', keys.enter]) {
		app.stdin.write(chunk);
	}
	await app.waitFor((frame) => frame.includes('added mike') && selectedName(frame) === 'mike');
	assert.deepEqual(app.manager.calls.login, [
		{service: 'bluesky', url: 'https://bsky.social', identifier: 'new.bsky.social', password: 'correct horse', name: 'mike'},
	]);
});

test('? then Esc then j in the same tick: the help opens and closes, and j moves the selection', async () => {
	const app = await started();
	app.stdin.write('?');
	app.stdin.write(keys.escape);
	app.stdin.write('j');
	await app.waitFor((frame) => !frame.includes('Keys') && selectedName(frame) === 'reader');
});

test('Esc and a key in one chunk are two keys (tokentop has no Alt bindings)', async () => {
	const app = await started();
	app.stdin.write('?');
	app.stdin.write(`${keys.escape}j`);
	await app.waitFor((frame) => !frame.includes('Keys') && selectedName(frame) === 'reader');
});

test('d then y in one chunk asks about the account the keys before selected, but the y does not answer', async () => {
	const app = await started();
	app.stdin.write('jdy');
	await app.waitFor('Remove reader? (y/n)');
	await nextTick();
	assert.equal(app.manager.calls.remove.length, 0, 'a y that came with the d never confirms');
	app.stdin.write('y');
	await app.waitFor((frame) => frame.includes('removed reader') && listedNames(frame).join() === 'owner,writer');
	assert.equal(app.manager.calls.remove.length, 1);
});

test('a y written right after the d, before the question is drawn, does not confirm', async () => {
	const app = await started();
	app.stdin.write('d');
	app.stdin.write('y');
	await app.waitFor('Remove owner? (y/n)');
	await nextTick();
	assert.equal(app.manager.calls.remove.length, 0);
	app.stdin.write('yy');
	await nextTick();
	assert.equal(app.manager.calls.remove.length, 0, 'two keys at once are not a single key');
	app.stdin.write('n');
	await app.waitFor((frame) => !frame.includes('Remove owner?'));
	assert.equal(listedNames(app.text()).length, 3);
});

test('the re-login prompt takes a password typed in one chunk, and logs in on a separate Enter', async () => {
	const app = await started();
	await openReloginPrompt(app, 'the server rejected the token', 'Password for owner: ▌');
	// Text and its Enter in one chunk is a paste: the text goes in, the line break does not log in.
	app.stdin.write('correct horse\r');
	await app.waitFor(`Password for owner: ${'•'.repeat(13)}▌`);
	assert.equal(app.manager.calls.relogin.length, 0);
	app.stdin.write('\r');
	await app.waitFor('logged in again to owner');
	assert.deepEqual(
		app.manager.calls.relogin.map((call) => call.password),
		['correct horse'],
	);
	assert.ok(!app.frames.some((frame) => frame.includes('correct horse')), 'the password is never drawn');
});

test('keys typed into the re-login prompt before Esc are forgotten with it', async () => {
	const app = await started();
	await openReloginPrompt(app, 'rejected', 'Password for owner');
	app.stdin.write('wrong');
	app.stdin.write(keys.escape);
	await app.waitFor((frame) => !frame.includes('Password for'));
	await openReloginPrompt(app, 'rejected', 'Password for owner: ▌');
	app.stdin.write('correct horse');
	app.stdin.write('\r');
	await app.waitFor('logged in again to owner');
	assert.deepEqual(
		app.manager.calls.relogin.map((call) => call.password),
		['correct horse'],
	);
});
