import {useEffect, useRef, useState} from 'react';
import {everyInterval} from '../../services/heartbeat.js';
import {createClockStore, type ClockStore} from './clock-store.js';

/** Creates the app's clock and ticks it every `tickMs`; `now` is injectable for tests. `afterTick` as in createClockStore. */
export function useClock(now: () => number = Date.now, tickMs = 1000, afterTick?: () => void): ClockStore {
	// The time source may be a new function on every render; the store reads the latest.
	const readTime = useRef(now);
	readTime.current = now;
	const [clock] = useState(() => createClockStore(() => readTime.current(), afterTick));
	// On the process's shared timer (heartbeat.ts): whatever else ticks each second shares its wake-up.
	useEffect(() => everyInterval(tickMs, () => clock.tick()), [clock, tickMs]);
	return clock;
}
