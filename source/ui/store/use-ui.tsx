/**
 * Reading the UI store from components: a selector picks what a component shows, and the
 * component re-renders only when that changes (compared with Object.is, or the given test).
 */
import React, {createContext, useContext, useRef, useSyncExternalStore, type ReactNode} from 'react';
import type {UiActions} from './ui-actions.js';
import type {UiStore} from './ui-store.js';
import type {UiView} from './ui-view.js';

const UiStoreContext = createContext<UiStore | undefined>(undefined);

export function UiStoreProvider({store, children}: {store: UiStore; children: ReactNode}) {
	return <UiStoreContext.Provider value={store}>{children}</UiStoreContext.Provider>;
}

export function useUiStore(): UiStore {
	const store = useContext(UiStoreContext);
	if (!store) throw new Error('the UI store needs a UiStoreProvider');
	return store;
}

export function useUi<Selected>(select: (view: UiView) => Selected, equal: (a: Selected, b: Selected) => boolean = Object.is): Selected {
	const store = useUiStore();
	// The last value handed out, kept while an equal one is selected (useSyncExternalStore needs a
	// stable answer), and the view it came from: React asks again after every render and every
	// change anywhere in the store, and an unchanged view needs no selecting again.
	const last = useRef<{view: UiView; select: (view: UiView) => Selected; value: Selected} | undefined>(undefined);
	const read = () => {
		const view = store.view();
		const previous = last.current;
		if (previous?.view === view && previous.select === select) return previous.value;
		const next = select(view);
		const value = previous && equal(previous.value, next) ? previous.value : next;
		last.current = {view, select, value};
		return value;
	};
	return useSyncExternalStore(store.subscribe, read);
}

/** The store's actions: one object for the whole run, so holding it never re-renders. */
export function useUiActions(): UiActions {
	return useUiStore().actions;
}

/** Equal when both objects have the same keys with Object.is-equal values. */
export function shallowEqual<T extends object>(a: T, b: T): boolean {
	const keys = Object.keys(a) as Array<keyof T>;
	return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}
