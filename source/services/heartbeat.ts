/**
 * One interval timer per period for the whole process. The open app's clock and its store
 * watcher both tick once a second: on one timer they wake the process once a second, not twice.
 * On an otherwise quiet machine each wake-up costs far more than the little work it does
 * (cold caches, a CPU that clocked down), so wake-ups are what idle CPU is made of.
 */
interface Beat {
	timer: NodeJS.Timeout;
	callbacks: Set<() => void>;
}

const beats = new Map<number, Beat>();

/** Calls `callback` every `ms`, on the timer every other caller with the same period shares; returns the stop function. */
export function everyInterval(ms: number, callback: () => void): () => void {
	let beat = beats.get(ms);
	if (!beat) {
		const callbacks = new Set<() => void>();
		const timer = setInterval(() => {
			for (const each of [...callbacks]) each();
		}, ms);
		beat = {timer, callbacks};
		beats.set(ms, beat);
	}
	// Each subscription is its own entry, even for the same function.
	const subscription = () => callback();
	beat.callbacks.add(subscription);
	return () => {
		const current = beats.get(ms);
		if (!current?.callbacks.delete(subscription) || current.callbacks.size > 0) return;
		clearInterval(current.timer);
		beats.delete(ms);
	};
}
