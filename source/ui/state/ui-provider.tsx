import {useApp, useStdout} from 'ink';
import React, {useCallback, useMemo, type ReactNode} from 'react';
import type {ManagerApi} from '../../services/manager-api.js';
import {useAddFormState} from '../add-form/use-add-form-state.js';
import {useReadClock} from '../clock/clock-context.js';
import {useFilterState} from '../filter/use-filter-state.js';
import {useManagerSnapshot} from '../hooks/use-manager-snapshot.js';
import {resolveSelectedIndex, useListState} from '../list/use-list-state.js';
import {filterEntries} from '../lib/filter.js';
import type {ScreenLayout} from '../lib/layout.js';
import {keepInView} from '../lib/visible-window.js';
import {UiActionsContext, UiStateContext, type UiState} from './ui-contexts.js';
import {useUiActionsObject} from './use-ui-actions.js';
import {useScreenState} from './use-screen-state.js';

/** The list's column titles take one line of the list pane. */
export const listTitleLines = 1;

export interface UiProviderProps {
	manager: ManagerApi;
	layout: ScreenLayout;
	writeRaw?: (data: string) => void;
	onExit?: () => void;
	children: ReactNode;
}

export function UiProvider({manager, layout, writeRaw, onExit, children}: UiProviderProps) {
	const snapshot = useManagerSnapshot(manager);
	const [screen, dispatchScreen] = useScreenState();
	const [filter, dispatchFilter] = useFilterState();
	const [list, dispatchList] = useListState();
	const [addForm, dispatchAddForm] = useAddFormState();
	const readClock = useReadClock();
	const {exit} = useApp();
	const {stdout} = useStdout();

	const view = useMemo(() => filterEntries(snapshot.entries, filter.text), [snapshot.entries, filter.text]);
	const selectedIndex = resolveSelectedIndex(list, view);
	const pageSize = Math.max(1, layout.listHeight - listTitleLines);
	// Resizes and filtering can move the selection out of the stored window: scroll to it.
	const top = keepInView(list.top, Math.max(0, selectedIndex), pageSize, view.length);

	const state = useMemo<UiState>(
		() => ({
			manager,
			snapshot,
			screen,
			filter,
			addForm,
			view,
			selectedIndex,
			selected: view[selectedIndex],
			top,
			layout,
			pageSize,
		}),
		[manager, snapshot, screen, filter, addForm, view, selectedIndex, top, layout, pageSize],
	);

	const quit = useCallback(() => {
		exit();
		onExit?.();
	}, [exit, onExit]);
	const write = useCallback((data: string) => (writeRaw ? writeRaw(data) : stdout.write(data)), [writeRaw, stdout]);

	const actions = useUiActionsObject({state, dispatchScreen, dispatchList, dispatchFilter, dispatchAddForm, readClock, writeRaw: write, quit});

	return (
		<UiActionsContext.Provider value={actions}>
			<UiStateContext.Provider value={state}>{children}</UiStateContext.Provider>
		</UiActionsContext.Provider>
	);
}
