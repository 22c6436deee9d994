import assert from 'node:assert/strict';
import {test} from 'node:test';
import {createClockStore} from '../../source/ui/clock/clock-store.js';

test('reads the time source once per tick and notifies only when it moved', () => {
	let time = 1000;
	const clock = createClockStore(() => time);
	let notified = 0;
	const unsubscribe = clock.subscribe(() => (notified += 1));
	clock.tick();
	assert.equal(notified, 0);
	time = 2000;
	assert.equal(clock.now(), 1000, 'the clock only moves on ticks');
	clock.tick();
	assert.equal(clock.now(), 2000);
	assert.equal(notified, 1);
	unsubscribe();
	time = 3000;
	clock.tick();
	assert.equal(notified, 1);
});
