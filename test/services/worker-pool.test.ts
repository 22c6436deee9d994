/** The worker pool: never more than N at once, every item once, in order; failures reported after the rest ran. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {limitConcurrency, runPool} from '../../source/services/worker-pool.js';

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('runPool', () => {
	it('runs every item once, at most N at a time, starting them in order', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		await runPool(
			Array.from({length: 25}, (_, index) => index),
			3,
			async item => {
				started.push(item);
				running++;
				most = Math.max(most, running);
				for (let turn = 0; turn < 1 + (item % 4); turn++) await tick();
				running--;
			},
		);
		assert.deepEqual(started, Array.from({length: 25}, (_, index) => index));
		assert.equal(most, 3);
	});

	it('lets the other items run when one fails, then throws that failure', async () => {
		const done: number[] = [];
		await assert.rejects(
			runPool([1, 2, 3, 4], 2, async item => {
				await tick();
				if (item === 2) throw new Error('item 2 failed');
				done.push(item);
			}),
			/item 2 failed/,
		);
		assert.deepEqual(done.sort(), [1, 3, 4]);
	});

	it('does nothing for no items, and refuses a concurrency below 1', async () => {
		await runPool([], 4, async () => assert.fail('no item'));
		assert.throws(() => limitConcurrency(0), RangeError);
	});
});

describe('limitConcurrency', () => {
	it('queues tasks beyond the limit and starts them as others end', async () => {
		const limit = limitConcurrency(2);
		const releases: Array<() => void> = [];
		let started = 0;
		const task = () =>
			limit(async () => {
				started++;
				await new Promise<void>(resolve => releases.push(resolve));
			});
		const all = Promise.all([task(), task(), task()]);
		await tick();
		assert.equal(started, 2);
		releases.shift()!();
		await tick();
		await tick();
		assert.equal(started, 3);
		for (const release of releases) release();
		await all;
	});
});
