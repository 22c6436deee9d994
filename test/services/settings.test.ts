/** settings.json: defaults when missing, 0600 and atomic when written, unknown keys kept, a broken file reported and never fatal. */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readSettings, settingsPath, updateSettings} from '../../source/services/settings.js';
import {tempConfigDir} from '../support/temp-store.js';

describe('settings', () => {
	it('reads the defaults when there is no file', t => {
		assert.deepEqual(readSettings(tempConfigDir(t)), {settings: {}});
	});

	it('writes 0600, atomically, keeping other and unknown keys', async t => {
		const dir = tempConfigDir(t);
		writeFileSync(settingsPath(dir), JSON.stringify({fromTheFuture: 1, onNeedsLogin: 'notify'}), {mode: 0o644});
		await updateSettings(dir, {autoRefresh: false});
		assert.deepEqual(JSON.parse(readFileSync(settingsPath(dir), 'utf8')), {fromTheFuture: 1, onNeedsLogin: 'notify', autoRefresh: false});
		assert.equal(statSync(settingsPath(dir)).mode & 0o777, 0o600);
		assert.deepEqual(readSettings(dir).settings, {fromTheFuture: 1, onNeedsLogin: 'notify', autoRefresh: false});
		await updateSettings(dir, {onNeedsLogin: undefined});
		assert.deepEqual(readSettings(dir).settings, {fromTheFuture: 1, autoRefresh: false});
		assert.deepEqual(readdirSync(dir).filter(name => name.includes('.tmp')), [], 'no temp file left');
	});

	it('reports a broken file, reads it as the defaults, and replaces it on the next change', async t => {
		const dir = tempConfigDir(t);
		writeFileSync(settingsPath(dir), '{"autoRefresh": tru');
		const read = readSettings(dir);
		assert.deepEqual(read.settings, {});
		assert.match(read.problem!, /settings\.json is not valid JSON; using the defaults/);
		writeFileSync(settingsPath(dir), '{"autoRefresh": "yes"}');
		assert.match(readSettings(dir).problem!, /"autoRefresh" must be true or false/);
		await updateSettings(dir, {autoRefresh: true});
		assert.deepEqual(readSettings(dir), {settings: {autoRefresh: true}});
	});

	it('refuses to write a setting of the wrong type', async t => {
		const dir = tempConfigDir(t);
		await assert.rejects(updateSettings(dir, {sessionWarningDays: -1}), /sessionWarningDays/);
	});
});
