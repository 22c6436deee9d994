import {Box, Text} from 'ink';
import React, {type ReactNode} from 'react';
import {kindById} from '../../services/kinds.js';
import {FormRow} from './form-row.js';
import {useUi, useUiStore} from '../store/use-ui.js';
import {MaskedField, TextField} from '../text-field.js';
import {useColor} from '../theme.js';
import {fieldsOf, signsInInBrowser, type AddFormState, type FieldName} from './add-form-state.js';

const rememberTexts = {none: 'no (ask when the token expires)', keyring: 'in the system keyring', plaintext: 'in plain text in the store'};

/** The `a` form: log in to a new account without leaving the app. */
export function AddAccountForm({width, height}: {width: number; height: number}) {
	const state = useUi((view) => view.state.addForm);
	const color = useColor();
	const {demo} = useUiStore();
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" paddingLeft={1}>
			<Text bold>Add an account</Text>
			{fieldsOf(state).map((field) => (
				<FormRow key={field} label={labelOf(field, state)} focused={state.focus === field}>
					{valueOf(field, state)}
				</FormRow>
			))}
			{state.notice ? (
				<Text wrap="truncate-end" color={color('cyan')}>
					› {state.notice}
				</Text>
			) : null}
			{state.error ? (
				<Text wrap="truncate-end" color={color('red')}>
					✗ {state.error.message}
				</Text>
			) : null}
			{state.busy ? <Text>› logging in…</Text> : null}
			{signsInInBrowser(state.service) ? (
				<Text wrap="truncate-end">No password here: Enter on the last field signs in with the browser.</Text>
			) : null}
			{demo ? (
				<Text wrap="truncate-end">
					Demo: {demo.addAccount}, password {demo.password}
				</Text>
			) : null}
		</Box>
	);
}

function labelOf(field: FieldName, state: AddFormState): string {
	switch (field) {
		case 'service':
			return 'service';
		case 'url':
			return signsInInBrowser(state.service) ? 'server (optional)' : 'URL';
		case 'identifier':
			return kindById(state.service).login.identifierLabel;
		case 'password':
			return kindById(state.service).login.passwordLabel;
		case 'name':
			return 'name (optional)';
		case 'remember':
			return 'remember password';
		case 'code':
			return 'sign-in code';
		case 'scope':
			return 'scope';
	}
}

function valueOf(field: FieldName, state: AddFormState): ReactNode {
	const focused = state.focus === field;
	switch (field) {
		case 'service':
			return `‹ ${state.service} ›`;
		case 'remember':
			return `‹ ${rememberTexts[state.remember]} ›`;
		case 'password':
			return <MaskedField mask={state.password} focused={focused} />;
		default:
			return <TextField value={state[field].text} cursor={state[field].cursor} focused={focused} />;
	}
}
