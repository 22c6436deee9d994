import {Box, Text} from 'ink';
import React, {useMemo} from 'react';
import {keepAliveNote} from '../services/manager-api.js';
import {useClockValue} from './clock/clock-context.js';
import {filterText} from './filter/filter-state.js';
import {attentionCounter, attentionSeparator} from './lib/attention.js';
import {fitByPriority, type Part} from './lib/fit-by-priority.js';
import {visibleWindow} from './lib/visible-window.js';
import {shallowEqual, useUi, useUiStore} from './store/use-ui.js';
import {useColor} from './theme.js';

const appName = 'tokentop';
const separator = ' · ';

interface HeaderPart extends Part {
	color?: string;
}

/**
 * One line: "tokentop 8 accounts · 2 expired · 1 needs login · auto-refresh on · sort: name",
 * with the position in the list when it does not fit. Less important parts go first when the
 * terminal is narrow. The counts follow the clock; the line re-renders only when its text changes.
 */
export function Header() {
	const info = useUi(
		(view) => ({
			entries: view.snapshot.entries,
			shown: view.entries.length,
			autoRefresh: view.snapshot.autoRefresh,
			keptAlive: view.snapshot.keptAliveBy === undefined ? undefined : keepAliveNote(view.snapshot),
			bulk: view.snapshot.bulk,
			filter: view.state.filter.editing ? '' : filterText(view.state.filter),
			sort: view.state.screen.sort,
			top: view.top,
			pageSize: view.pageSize,
			width: view.state.layout.width,
		}),
		shallowEqual,
	);
	const {demo} = useUiStore();
	const attention = useClockValue(useMemo(() => attentionCounter(info.entries), [info.entries]));
	const color = useColor();
	const total = info.entries.length;
	const parts: HeaderPart[] = [{text: `${total === 1 ? '1 account' : `${total} accounts`}${info.filter ? `, ${info.shown} shown` : ''}`, priority: 100}];
	// Each count its own part: on a narrow line the later ones go first.
	if (attention) attention.split(attentionSeparator).forEach((text, index) => parts.push({text, priority: 90 - index, color: 'red'}));
	if (info.bulk) {
		const {done, failed, total: all} = info.bulk;
		parts.push({text: `refreshing ${done}/${all}${failed > 0 ? `, ${failed} failed` : ''}`, priority: 95, color: failed > 0 ? 'yellow' : 'cyan'});
	}
	parts.push({text: `auto-refresh ${info.autoRefresh ? 'on' : 'off'}`, priority: 70, color: info.autoRefresh ? 'green' : 'yellow'});
	if (info.keptAlive) parts.push({text: info.keptAlive, priority: 72, color: 'green'});
	if (info.filter) parts.push({text: `filter: ${info.filter}`, priority: 80});
	parts.push({text: `sort: ${info.sort}`, priority: 50});
	if (info.shown > info.pageSize) {
		const {start, end} = visibleWindow(info.top, info.pageSize, info.shown);
		parts.push({text: `${start + 1}–${end} of ${info.shown}`, priority: 92});
	}
	if (demo) parts.push({text: `demo password: ${demo.password}`, priority: 75, color: 'cyan'});
	const fitted = fitByPriority(parts, info.width - appName.length - 1, separator);
	return (
		<Box height={1} width={info.width}>
			<Text>
				<Text bold color={color('cyan')}>
					{appName}
				</Text>{' '}
				{fitted.map((part, index) => (
					<React.Fragment key={part.text}>
						{index > 0 ? separator : ''}
						<Text color={part.color ? color(part.color) : undefined}>{part.text}</Text>
					</React.Fragment>
				))}
			</Text>
		</Box>
	);
}
