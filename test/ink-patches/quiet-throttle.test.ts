/**
 * quiet-throttle.ts, which stands in for es-toolkit's throttle in Ink's render path: the same
 * draws (the first call at once, the latest of a burst at the end of its window, never two draws
 * within the window), and no timer left armed after a lone call — the wake-up it saves.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {setTimeout as pause} from 'node:timers/promises';
import {quietThrottle, throttle} from '../../source/ink-patches/quiet-throttle.js';
import {until} from '../support/until.js';

const timers = (): number => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length;

test('a lone call runs at once and leaves no timer armed', () => {
	const before = timers();
	const runs: number[] = [];
	const throttled = quietThrottle((value: number) => runs.push(value), 30);
	throttled(1);
	assert.deepEqual(runs, [1]);
	assert.equal(timers(), before, 'no wake-up scheduled for nothing');
});

test('a burst runs its first call at once and its latest at the end of the window; never two runs within it', async () => {
	const runs: Array<{value: number; at: number}> = [];
	const throttled = quietThrottle((value: number) => runs.push({value, at: performance.now()}), 30);
	for (let round = 0; round < 3; round++) {
		const base = round * 10;
		throttled(base + 1);
		throttled(base + 2);
		throttled(base + 3);
		await until(() => runs.at(-1)?.value === base + 3, `round ${round}'s latest call`, 5000, 5);
		await pause(40);
	}
	assert.deepEqual(runs.map(run => run.value), [1, 3, 11, 13, 21, 23]);
	for (let index = 1; index < runs.length; index++) assert.ok(runs[index]!.at - runs[index - 1]!.at >= 25, 'two runs within the window (a timer may fire a few ms early by performance.now)');
});

test('flush runs the waiting call now; cancel drops it', async () => {
	const runs: number[] = [];
	const throttled = quietThrottle((value: number) => runs.push(value), 1000);
	throttled(1);
	throttled(2);
	throttled.flush();
	assert.deepEqual(runs, [1, 2]);
	throttled(3);
	throttled.cancel();
	await pause(20);
	assert.deepEqual(runs, [1, 2]);
	assert.equal(timers(), 0);
});

test("stands in only for Ink's leading-and-trailing use", () => {
	assert.throws(() => throttle(() => undefined, 10, {leading: false, trailing: true}), /only for leading and trailing/);
	assert.doesNotThrow(() => throttle(() => undefined, undefined, {leading: true, trailing: true}));
});
