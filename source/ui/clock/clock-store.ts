/**
 * The one clock of the app: it reads the (injectable) time source once per tick and tells
 * subscribers. Components select what they show from it, so a tick only re-renders text
 * that actually changed.
 */
export interface ClockStore {
	/** The time of the last tick: what the screen shows. */
	now(): number;
	/** The time source read now: for actions, which must not act on a time up to a tick old. */
	read(): number;
	subscribe(listener: () => void): () => void;
	/** Reads the time source again and notifies when it moved. */
	tick(): void;
}

/** `afterTick` runs once after every subscriber heard of a tick (the live painter's one write). */
export function createClockStore(readTime: () => number, afterTick?: () => void): ClockStore {
	let current = readTime();
	const listeners = new Set<() => void>();
	return {
		now: () => current,
		read: readTime,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		tick() {
			const next = readTime();
			if (next === current) return;
			current = next;
			for (const listener of listeners) listener();
			afterTick?.();
		},
	};
}
