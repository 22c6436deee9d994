import {Box, Text} from 'ink';
import React from 'react';
import {keepAliveNote} from '../services/manager-api.js';
import {useUiState} from './state/ui-contexts.js';
import {useColor} from './theme.js';

/** App name, account count, auto-refresh and bulk progress, active filter. */
export function Header() {
	const {snapshot, view, filter, layout} = useUiState();
	const color = useColor();
	const total = snapshot.entries.length;
	const {bulk} = snapshot;
	const filtered = filter.text !== '' && !filter.editing;
	return (
		<Box height={1} width={layout.width}>
			<Text wrap="truncate-end">
				<Text bold color={color('cyan')}>
					tokentop
				</Text>
				<Text>
					{' '}
					{total === 1 ? '1 account' : `${total} accounts`}
					{filtered ? `, ${view.length} shown` : ''}
				</Text>
				{snapshot.autoRefresh ? <Text color={color('green')}> · auto-refresh on</Text> : null}
				{snapshot.keptAliveBy !== undefined ? <Text color={color('green')}> · {keepAliveNote(snapshot)}</Text> : null}
				{bulk ? (
					<Text color={color(bulk.failed > 0 ? 'yellow' : 'cyan')}>
						{' '}
						· refreshing {bulk.done}/{bulk.total}
						{bulk.failed > 0 ? `, ${bulk.failed} failed` : ''}
					</Text>
				) : null}
				{filtered ? <Text> · filter: {filter.text}</Text> : null}
			</Text>
		</Box>
	);
}
