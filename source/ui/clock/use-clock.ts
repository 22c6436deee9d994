import {useEffect, useRef, useState} from 'react';
import {everyInterval} from '../../services/heartbeat.js';
import {createClockStore, type ClockStore} from './clock-store.js';

/** Creates the app's clock and ticks it every `tickMs`; `now` is injectable for tests. */
export function useClock(now: () => number = Date.now, tickMs = 1000): ClockStore {
	// The time source may be a new function on every render; the store reads the latest.
	const readTime = useRef(now);
	readTime.current = now;
	const [clock] = useState(() => createClockStore(() => readTime.current()));
	// On the process's shared timer: the store watcher ticks on it too, so an idle second is one wake-up.
	useEffect(() => everyInterval(tickMs, () => clock.tick()), [clock, tickMs]);
	return clock;
}
