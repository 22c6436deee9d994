import React, {createContext, useCallback, useContext, useSyncExternalStore, type ReactNode} from 'react';
import type {ClockStore} from './clock-store.js';

const ClockContext = createContext<ClockStore | undefined>(undefined);

export function ClockProvider({clock, children}: {clock: ClockStore; children: ReactNode}) {
	return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

export function useClockStore(): ClockStore {
	const clock = useContext(ClockContext);
	if (!clock) throw new Error('useClockValue needs a ClockProvider');
	return clock;
}

/**
 * A value derived from the current time. The component re-renders only when the derived
 * value changes (compared with Object.is), so return strings, numbers or booleans.
 * `changesAt(now)`: the earliest moment from `now` on when the value may change, if known.
 */
export function useClockValue<Value>(select: (now: number) => Value, changesAt?: (now: number) => number): Value {
	const clock = useClockStore();
	const getValue = useCallback(() => select(clock.now()), [clock, select]);
	// The value is compared here, not by React: a tick that changes nothing never enters React.
	// With `changesAt` (the next moment the value can change), ticks before it are not even looked at.
	const subscribe = useCallback(
		(onChange: () => void) => {
			let lastNow = clock.now();
			let last = select(lastNow);
			let recheckAt = changesAt?.(lastNow) ?? lastNow;
			return clock.subscribe(() => {
				const now = clock.now();
				const movedBack = now < lastNow;
				lastNow = now;
				if (now < recheckAt && !movedBack) return;
				const next = select(now);
				recheckAt = changesAt?.(now) ?? now;
				if (Object.is(next, last)) return;
				last = next;
				onChange();
			});
		},
		[clock, select, changesAt],
	);
	return useSyncExternalStore(subscribe, getValue);
}

