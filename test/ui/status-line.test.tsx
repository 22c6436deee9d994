import {press} from '../support/ink.js';
import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {blueskyAccount} from '../support/fake-manager.js';
import {renderApp} from './render-app.js';

afterEach(() => cleanup());

test('c copies the access token with OSC 52 and says so, never printing it', async () => {
	const account = blueskyAccount({name: 'alice'});
	const app = renderApp([account]);
	await app.waitFor('alice');
	await press(app.stdin, 'c');
	await app.waitFor('copied the access token of alice');
	assert.deepEqual(app.written, [`\u001B]52;c;${Buffer.from(account.accessJwt).toString('base64')}\u0007`]);
	assert.ok(!app.frames.some((frame) => frame.includes(account.accessJwt)), 'the token is in no frame');
});

test('a network failure is reported and the token kept', async () => {
	const app = renderApp([blueskyAccount({name: 'alice'})]);
	await app.waitFor('alice');
	app.manager.failNext('refresh', 'network', 'connection refused');
	await press(app.stdin, 'r');
	const frame = await app.waitFor('✗ refresh of alice failed: connection refused');
	assert.match(frame, /alice\s+⚠ error\s+2h 00m/);
});
