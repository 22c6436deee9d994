import {Box, Text} from 'ink';
import React from 'react';
import {toneSymbols} from '../lib/status-text.js';
import {FormRow} from '../add-form/form-row.js';
import {useUi} from '../store/use-ui.js';
import {toneColors} from '../status-message-text.js';
import {MaskedField} from '../text-field.js';
import {useColor} from '../theme.js';

/** The panel's left padding: the address is cut into lines of the width less this. */
const padding = 1;

/** An address cut into lines that fill the width: nothing of it is ever truncated, so it can be copied whole. */
export function addressLines(address: string, width: number): string[] {
	// The address is ASCII (percent-encoded): one code point is one column.
	const step = Math.max(1, width);
	const lines: string[] = [];
	for (let at = 0; at < address.length; at += step) lines.push(address.slice(at, at + step));
	return lines;
}

/**
 * A browser sign-in waiting for the person: the address to open, on lines of its own and
 * never cut; then the field for the address the browser ended on (over SSH the browser's
 * return cannot reach this machine), shown masked: it carries the authorization code.
 */
export function BrowserSignInPanel({width, height}: {width: number; height: number}) {
	const signIn = useUi((view) => view.state.screen.signIn);
	const color = useColor();
	if (!signIn) return null;
	const address = signIn.address === undefined ? [] : addressLines(signIn.address, width - padding);
	// When the body is short, the address goes before everything around it.
	const spare = height - address.length;
	const said = signIn.said ? (
		<Text wrap="truncate-end" color={color(toneColors[signIn.said.tone])}>
			{toneSymbols[signIn.said.tone]} {signIn.said.text}
		</Text>
	) : null;
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingLeft={padding}>
			{spare >= 5 ? (
				<Text bold wrap="truncate-end">
					Sign in to {signIn.who} with the browser
				</Text>
			) : null}
			{signIn.address === undefined ? (
				<Text wrap="truncate-end">› finding the server of {signIn.who}…</Text>
			) : (
				<>
					{spare >= 4 ? (
						<Text wrap="truncate-end">
							{signIn.browserOpened ? 'A browser was opened at this address (if none shows, open it yourself):' : 'Open this address in a browser and sign in:'}
						</Text>
					) : null}
					{address.map((line, index) => (
						<Text key={index} wrap="truncate-end">
							{line}
						</Text>
					))}
					{spare >= 3 ? <Text wrap="truncate-end">Waiting for the browser. Over SSH: paste the address it ended on, then Enter.</Text> : null}
				</>
			)}
			<FormRow label="address it ended on" focused>
				<MaskedField mask={signIn.pasted} focused />
			</FormRow>
			{said}
		</Box>
	);
}
