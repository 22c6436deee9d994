import {Box, Text} from 'ink';
import React from 'react';
import {filterText} from './filter/filter-state.js';
import {shallowEqual, useUi} from './store/use-ui.js';
import {useColor} from './theme.js';

/** App name, account count, auto-refresh and bulk progress, active filter. */
export function Header() {
	const {total, shown, autoRefresh, bulk, filter, width} = useUi(
		(view) => ({
			total: view.snapshot.entries.length,
			shown: view.entries.length,
			autoRefresh: view.snapshot.autoRefresh,
			bulk: view.snapshot.bulk,
			filter: view.state.filter.editing ? '' : filterText(view.state.filter),
			width: view.state.layout.width,
		}),
		shallowEqual,
	);
	const color = useColor();
	const filtered = filter !== '';
	return (
		<Box height={1} width={width}>
			<Text wrap="truncate-end">
				<Text bold color={color('cyan')}>
					tokentop
				</Text>
				<Text>
					{' '}
					{total === 1 ? '1 account' : `${total} accounts`}
					{filtered ? `, ${shown} shown` : ''}
				</Text>
				{autoRefresh ? <Text color={color('green')}> · auto-refresh on</Text> : null}
				{bulk ? (
					<Text color={color(bulk.failed > 0 ? 'yellow' : 'cyan')}>
						{' '}
						· refreshing {bulk.done}/{bulk.total}
						{bulk.failed > 0 ? `, ${bulk.failed} failed` : ''}
					</Text>
				) : null}
				{filtered ? <Text> · filter: {filter}</Text> : null}
			</Text>
		</Box>
	);
}
