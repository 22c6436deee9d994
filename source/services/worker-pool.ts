/**
 * Bounded concurrency for network work: refresh-all (the app's `R`, `tokentop refresh --all`)
 * and auto-refresh both run at most a few refreshes at once, so a thousand accounts never
 * open a thousand connections and a server is not flooded.
 */

/** Runs tasks at most `concurrency` at a time, in the order they were handed in. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function limitConcurrency(concurrency: number): Limiter {
	if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number of 1 or more');
	let running = 0;
	const waiting: Array<() => void> = [];
	const startNext = () => {
		if (running >= concurrency) return;
		const start = waiting.shift();
		if (start) start();
	};
	return <T>(task: () => Promise<T>) =>
		new Promise<T>((resolve, reject) => {
			waiting.push(() => {
				running++;
				// A task that throws synchronously is a rejection like any other.
				Promise.resolve()
					.then(task)
					.then(resolve, reject)
					.finally(() => {
						running--;
						startNext();
					});
			});
			startNext();
		});
}

/**
 * Runs `worker` over every item, at most `concurrency` at once, in the items' order. Resolves
 * when every item is done; when a worker rejects, the others still run to their end and the
 * first rejection is thrown then (workers that report their own failures never reject).
 */
export async function runPool<T>(items: readonly T[], concurrency: number, worker: (item: T, index: number) => Promise<void>): Promise<void> {
	const limit = limitConcurrency(concurrency);
	const results = await Promise.allSettled(items.map((item, index) => limit(() => worker(item, index))));
	const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	if (failed) throw failed.reason;
}
