import React, {createContext, useCallback, useContext, useSyncExternalStore, type ReactNode} from 'react';
import type {ClockStore} from './clock-store.js';

const ClockContext = createContext<ClockStore | undefined>(undefined);

export function ClockProvider({clock, children}: {clock: ClockStore; children: ReactNode}) {
	return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

function useClockStore(): ClockStore {
	const clock = useContext(ClockContext);
	if (!clock) throw new Error('useClockValue needs a ClockProvider');
	return clock;
}

/**
 * A value derived from the current time. The component re-renders only when the derived
 * value changes (compared with Object.is), so return strings, numbers or booleans.
 */
export function useClockValue<Value>(select: (now: number) => Value): Value {
	const clock = useClockStore();
	const getValue = useCallback(() => select(clock.now()), [clock, select]);
	return useSyncExternalStore(clock.subscribe, getValue);
}

