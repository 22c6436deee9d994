/** The detail pane's lines, most important first, as elements: the pane cuts them at its height. */
import {Text} from 'ink';
import React, {type ReactElement, type ReactNode} from 'react';
import {accessExpiresAt, accessIssuedAt, accessTokenOf} from '../../services/account.js';
import type {DetailRow} from '../../services/kind.js';
import {kindOf} from '../../services/kinds.js';
import type {AccountEntry} from '../../services/manager-api.js';
import {cutMiddle} from '../lib/cut-middle.js';
import {isFreeAccess} from '../../rules/account-state.js';
import {formatLocalTime} from '../../rules/time-format.js';
import {maskToken} from '../lib/mask-token.js';
import {StateBadge} from '../state-badge.js';
import {chunkText} from './describe.js';
import {DetailLine} from './detail-line.js';
import {StateSentence} from './state-sentence.js';
import {TimeWithCountdown} from './time-with-countdown.js';

export interface LineOptions {
	revealed: boolean;
	autoRefresh: boolean;
	store: {path: string; mode: string};
	innerWidth: number;
	color: (color: string) => string | undefined;
}

type Value = ReactNode | ((width: number) => ReactNode);

export function detailLines(entry: AccountEntry, {revealed, autoRefresh, store, innerWidth, color}: LineOptions): ReactElement[] {
	const {account} = entry;
	const free = isFreeAccess(entry);
	// Labelled lines first as data: the label column is as wide as the longest label shown.
	// A value is text (cut here), an element, or an element made for the width its line leaves.
	const rows: Array<{key: string; label?: string; value: Value}> = [
		{
			key: 'title',
			value: (
				<>
					<Text bold>{account.name}</Text>
					{'  '}
					<StateBadge entry={entry} />
				</>
			),
		},
	];
	const add = (label: string, value: Value) => rows.push({key: label, label, value});

	const token = accessTokenOf(account);
	if (revealed) {
		add('token', <Text color={color('yellow')}>shown for 10 s (v hides)</Text>);
		chunkText(token, innerWidth).forEach((chunk, index) => rows.push({key: `token-${index}`, value: chunk}));
	}

	const detail = kindOf(account).detail(account);
	const addRows = (detailRows: DetailRow[]) => {
		for (const row of detailRows) add(row.label, 'text' in row ? row.text : <TimeWithCountdown at={row.countdownTo} />);
	};
	add('service', `${account.service}  ${account.url}`);
	addRows(detail.identity);
	if (free) add('access', 'no authentication needed');
	else add('access expires', <TimeWithCountdown at={accessExpiresAt(account)} precise />);
	if (!free) add('issued', formatLocalTime(accessIssuedAt(account)));
	addRows(detail.credential);
	if (!revealed) add('token', free && token === '' ? '(none)' : maskToken(token));
	add('status', (width) => <StateSentence entry={entry} width={width} />);
	if (autoRefresh && entry.nextRefreshAt !== undefined) add('next refresh', <TimeWithCountdown at={entry.nextRefreshAt} />);
	add('last refresh', lastRefreshText(entry));
	addRows(detail.server);
	add('stored in', `${store.path} (mode ${store.mode})`);

	const labelWidth = detailLabelWidth(rows.map((row) => row.label));
	const valueWidth = innerWidth - labelWidth;
	return rows.map(({key, label, value}) => {
		const shown = typeof value === 'function' ? value(valueWidth) : value;
		return label === undefined ? (
			<Text key={key} wrap="truncate-end">
				{shown}
			</Text>
		) : (
			<DetailLine key={key} label={label} labelWidth={labelWidth}>
				{/* Cut here rather than by Ink, which would slice the styled line on every frame; in the middle, so a URL keeps its host and a path its end. */}
				{typeof shown === 'string' ? cutMiddle(shown, valueWidth) : shown}
			</DetailLine>
		);
	});
}

/** The longest label and one space: values get all the rest of the pane. */
export function detailLabelWidth(labels: ReadonlyArray<string | undefined>): number {
	return Math.max(0, ...labels.map((label) => (label === undefined ? 0 : label.length + 1)));
}

function lastRefreshText(entry: AccountEntry): string {
	const last = entry.account.lastRefresh;
	if (!last) return 'never';
	const outcome = last.ok ? 'ok' : 'failed';
	return `${formatLocalTime(last.at)} ${outcome}${last.message ? `: ${last.message}` : ''}`;
}
