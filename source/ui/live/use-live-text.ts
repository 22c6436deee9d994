import {createContext, useCallback, useContext, useRef, useSyncExternalStore} from 'react';
import {useClockStore} from '../clock/clock-context.js';
import {LivePainter, type InkNode, type LiveRegion} from './live-painter.js';

/** A painter that never paints: every change is a React render (tests, no terminal). */
export const noPainter = new LivePainter();

/** The app's painter. */
export const LivePainterContext = createContext<LivePainter>(noPainter);

export interface LiveText {
	text: string;
	/** Changes when the text was painted behind React's back since React last drew it: a remount makes React's copy the truth again. */
	key: number;
	/** For the host element that holds the text as its only child. */
	ref: (element: InkNode | null) => void;
}

/**
 * A text derived from the clock that changes every tick (a countdown): painted in place by the
 * live painter when it can be, rendered by React when it cannot (or the painter is off).
 */
export function useLiveText(select: (now: number) => string): LiveText {
	const clock = useClockStore();
	const painter = useContext(LivePainterContext);
	const state = useRef<{
		region: LiveRegion;
		key: number;
		version: number;
		ref: (element: InkNode | null) => void;
	}>(undefined);
	if (!state.current) {
		const region: LiveRegion = {text: '', painted: false};
		state.current = {
			region,
			key: 0,
			version: 0,
			ref: (element) => {
				region.element = element ?? undefined;
				if (element) painter.adopt(element);
			},
		};
	}
	const live = state.current;
	const subscribe = useCallback(
		(onChange: () => void) =>
			clock.subscribe(() => {
				const next = select(clock.now());
				if (next === live.region.text) return;
				painter.offer(live.region, next, () => {
					live.version++;
					onChange();
				});
			}),
		[clock, painter, select, live],
	);
	useSyncExternalStore(subscribe, () => live.version);
	const text = select(clock.now());
	if (live.region.painted) {
		live.region.painted = false;
		live.key++;
	}
	live.region.text = text;
	return {text, key: live.key, ref: live.ref};
}
