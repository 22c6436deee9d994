import {Box, Text} from 'ink';
import React, {useCallback, useMemo} from 'react';
import {useClockValue} from '../clock/clock-context.js';
import {shallowEqual, useUi, useUiStore} from '../store/use-ui.js';
import {useColor, useNoColor} from '../theme.js';
import {detailLines} from './detail-lines.js';

export interface DetailPaneProps {
	width: number;
	height: number;
	stacked: boolean;
}

/**
 * Everything about the selected account, most important first: the lines are cut at the pane's
 * height and each is one truncated Text, so the pane needs no clipping by Ink.
 */
export function DetailPane({width, height, stacked}: DetailPaneProps) {
	const {selected, reveal, autoRefresh} = useUi(
		(view) => ({selected: view.selected, reveal: view.state.screen.reveal, autoRefresh: view.snapshot.autoRefresh}),
		shallowEqual,
	);
	const {manager} = useUiStore();
	const store = useMemo(() => manager.storeInfo(), [manager]);
	const color = useColor();
	const noColor = useNoColor();
	const revealed = useClockValue(
		useCallback((now: number) => reveal !== undefined && reveal.id === selected?.account.id && now < reveal.until, [reveal, selected]),
	);
	// The border takes a line when stacked (top) and a column side by side (left).
	const innerWidth = stacked ? width : width - 2;
	const innerHeight = stacked ? height - 1 : height;
	const lines = selected ? detailLines(selected, {revealed, autoRefresh, store, innerWidth, color}) : [];
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			flexShrink={0}
			borderStyle="single"
			borderTop={stacked}
			borderLeft={!stacked}
			borderRight={false}
			borderBottom={false}
			paddingLeft={stacked ? 0 : 1}
		>
			{selected ? lines.slice(0, innerHeight) : <Text dimColor={!noColor}>no account selected</Text>}
		</Box>
	);
}
