/**
 * How a process hears of store changes without waking often: the app's clock and store watcher
 * share one timer; the keep-alive is told by the file system at once and polls only rarely.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {login} from '../../source/services/sessions.js';
import {everyInterval} from '../../source/services/heartbeat.js';
import {StoreWatcher} from '../../source/services/store-watch.js';
import {TokenStore} from '../../source/services/store/token-store.js';
import {tempConfigDir} from '../support/cli.js';
import {zettelstoreForSuite} from '../support/suite-servers.js';
import {until} from '../support/until.js';

const server = zettelstoreForSuite({users: {owner: 'pw'}, loginDelayMs: 0});

test('callbacks with the same period share one timer, in the order they came; each stops on its own', async () => {
	const handles = (): number => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;
	const before = handles();
	const calls: string[] = [];
	const stopA = everyInterval(30, () => calls.push('a'));
	const stopB = everyInterval(30, () => calls.push('b'));
	assert.equal(handles() - before, 1, 'one timer for both');
	await until(() => calls.length >= 4, 'two beats', 5000);
	assert.deepEqual(calls.slice(0, 4), ['a', 'b', 'a', 'b']);
	stopA();
	const seen = calls.length;
	await until(() => calls.length >= seen + 2, 'two more beats', 5000);
	assert.ok(calls.slice(seen).every(call => call === 'b'));
	stopB();
	assert.equal(handles(), before, 'the timer goes with the last callback');
});

test('with the folder watched, a login by another tokentop is seen at once, long before the next poll', async t => {
	const dir = tempConfigDir(t);
	const store = TokenStore.open({dir});
	await login(store, {service: 'zettelstore', url: server().url, identifier: 'owner', password: 'pw', name: 'first'});
	let changes = 0;
	const watcher = new StoreWatcher(store, {onChange: () => changes++, intervalMs: 60_000, watchDir: dir});
	watcher.start();
	t.after(() => watcher.stop());
	await login(TokenStore.open({dir}), {service: 'zettelstore', url: server().url, identifier: 'owner', password: 'pw', name: 'second'});
	await until(() => changes > 0, 'the change', 5000);
});
