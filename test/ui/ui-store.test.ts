/** The UI store without React or Ink: keys in, state out. */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createClockStore} from '../../source/ui/clock/clock-store.js';
import {createUiStore} from '../../source/ui/store/ui-store.js';
import {blueskyAccount, FakeManager, testEpoch, zettelstoreAccount} from '../support/fake-manager.js';

function storeOf(manager = new FakeManager({accounts: [blueskyAccount({name: 'alice'}), zettelstoreAccount({name: 'notes'})], now: () => testEpoch})) {
	const clock = createClockStore(() => testEpoch);
	let quits = 0;
	const store = createUiStore({manager, clock, columns: 100, rows: 30, writeRaw: () => undefined, quit: () => quits++});
	return {store, manager, quits: () => quits};
}

test('keys read in one chunk act one after the other on what the key before left', () => {
	const {store} = storeOf();
	store.input('j/not');
	const view = store.view();
	assert.equal(view.state.screen.mode, 'filter');
	assert.deepEqual(view.state.filter.input, {text: 'not', cursor: 3});
	assert.deepEqual(
		view.entries.map((entry) => entry.account.name),
		['notes'],
	);
});

test('the view is the same object until something it is made of changes', () => {
	const {store} = storeOf();
	const first = store.view();
	assert.equal(store.view(), first);
	store.input('j');
	assert.notEqual(store.view(), first);
	assert.equal(store.view().selected?.account.name, 'notes');
});

test('a password typed into the form is kept outside the state: the state has its mask only', () => {
	const {store} = storeOf();
	store.input('a');
	store.input('\t\t');
	store.input('new.bsky.social\t');
	store.input('hunter2');
	const {state} = store.view();
	assert.deepEqual(state.addForm.password, {length: 7, cursor: 7});
	assert.ok(!JSON.stringify(state).includes('hunter2'), 'the password is nowhere in the UI state');
});

test('the state order is kept fresh by the clock: re-sorting needs no key', () => {
	let now = testEpoch;
	const minute = 60_000;
	// alice: a 10-minute token, half used (ok); bob: a 10-hour token with an hour left (expiring).
	const alice = blueskyAccount({name: 'alice', accessIssuedAt: now - 5 * minute, accessExpiresAt: now + 5 * minute});
	const bob = blueskyAccount({name: 'bob', accessIssuedAt: now - 9 * 60 * minute, accessExpiresAt: now + 60 * minute});
	const manager = new FakeManager({accounts: [alice, bob], now: () => now});
	const clock = createClockStore(() => now);
	const store = createUiStore({manager, clock, columns: 100, rows: 30, writeRaw: () => undefined, quit: () => undefined});
	const unsubscribe = store.subscribe(() => undefined);
	store.input('sss');
	assert.equal(store.view().state.screen.sort, 'state');
	const names = () => store.view().entries.map((entry) => entry.account.name);
	assert.deepEqual(names(), ['bob', 'alice'], 'expiring before ok');
	assert.equal(store.view().selected?.account.name, 'alice', 'the selection stayed on alice through the sorting');
	store.input('g');
	assert.equal(store.view().selected?.account.name, 'bob');
	now += 3 * minute + 10_000;
	clock.tick();
	assert.deepEqual(names(), ['alice', 'bob'], 'alice turned critical: now she comes first');
	assert.equal(store.view().selected?.account.name, 'bob', 'the selection stayed on the same account');
	unsubscribe();
});

test('Ctrl-C quits from anywhere, also from a text field', () => {
	const {store, quits} = storeOf();
	store.input('/');
	store.input('\u0003');
	assert.equal(quits(), 1);
});
