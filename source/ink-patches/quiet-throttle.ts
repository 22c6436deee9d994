/**
 * Ink's render throttle (`throttle` from es-toolkit/compat, leading and trailing) without its
 * idle timer. The library arms a timer at every leading call, and it fires `wait` ms later
 * even when no second call came: for an app that draws once a second, that is a second wake-up
 * each second doing nothing. This one arms a timer only for a call that has to wait; what is
 * drawn, and when, is the same: the first call runs at once, calls within `wait` of the last run
 * are folded into one run at the end of the window with the latest arguments.
 */
type Throttled<A extends unknown[]> = ((...args: A) => void) & {flush(): void; cancel(): void};

export function quietThrottle<A extends unknown[]>(func: (...args: A) => unknown, wait = 0): Throttled<A> {
	let lastRun = Number.NEGATIVE_INFINITY;
	let timer: NodeJS.Timeout | undefined;
	let pending: {args: A; self: unknown} | undefined;

	const runPending = () => {
		timer = undefined;
		if (!pending) return;
		const {args, self} = pending;
		pending = undefined;
		lastRun = performance.now();
		func.apply(self, args);
	};

	const throttled = function (this: unknown, ...args: A): void {
		const now = performance.now();
		if (timer === undefined && now - lastRun >= wait) {
			lastRun = now;
			func.apply(this, args);
			return;
		}
		pending = {args, self: this};
		timer ??= setTimeout(runPending, Math.max(0, wait - (now - lastRun)));
	} as Throttled<A>;
	throttled.flush = () => {
		if (timer === undefined) return;
		clearTimeout(timer);
		runPending();
	};
	throttled.cancel = () => {
		clearTimeout(timer);
		timer = undefined;
		pending = undefined;
	};
	return throttled;
}

/** Ink's call sites pass (func, wait, {leading: true, trailing: true}): the only options this stands in for. */
export function throttle<A extends unknown[]>(func: (...args: A) => unknown, wait?: number, options?: {leading?: boolean; trailing?: boolean}): Throttled<A> {
	if (options && (options.leading === false || options.trailing === false)) throw new Error('Ink patches: quietThrottle stands in only for leading and trailing throttles');
	return quietThrottle(func, wait);
}
