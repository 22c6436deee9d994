import type {Key} from 'ink';
import {useReducer} from 'react';
import {editText} from '../lib/edit-text.js';
import type {PasswordMemory, ServiceKind} from '../../services/account.js';
import {kindById, kindIds, kinds} from '../../services/kinds.js';
import type {LoginRequest} from '../../services/manager-api.js';

export type FieldName = 'service' | 'url' | 'identifier' | 'password' | 'name' | 'remember' | 'code';
export type TextFieldName = 'url' | 'identifier' | 'password' | 'name' | 'code';

export const defaultUrls = Object.fromEntries(kinds.map(kind => [kind.id, kind.login.defaultUrl])) as Record<ServiceKind, string>;

export const serviceChoices: readonly ServiceKind[] = kindIds;
export const rememberChoices: readonly PasswordMemory[] = ['none', 'keyring', 'plaintext'];

export interface AddFormState {
	service: ServiceKind;
	url: string;
	identifier: string;
	password: string;
	name: string;
	remember: PasswordMemory;
	/** Bluesky email 2FA code, asked for after the server said so. */
	code: string;
	needsCode: boolean;
	focus: FieldName;
	/** A login is being sent (set by Enter on the last field; the form's actions send it). */
	busy: boolean;
	/** Counts Enter-submissions, so each one is sent once. */
	submission: number;
	error?: string;
	notice?: string;
}

export type AddFormAction =
	/** A fresh, empty form (each `a` opens one). */
	| {type: 'reset'}
	/** A keypress; interpreted against the current state, never a stale copy. */
	| {type: 'key'; input: string; key: Key}
	| {type: 'focus'; direction: 1 | -1}
	| {type: 'edit'; field: TextFieldName; value: string}
	| {type: 'cycle'; direction: 1 | -1}
	| {type: 'submitting'}
	| {type: 'failed'; message: string}
	| {type: 'needs-code'; message: string};

export const initialAddFormState: AddFormState = {
	service: serviceChoices[0]!,
	url: defaultUrls[serviceChoices[0]!],
	identifier: '',
	password: '',
	name: '',
	remember: 'none',
	code: '',
	needsCode: false,
	focus: 'service',
	busy: false,
	submission: 0,
};

/** The fields in tab order; the remember choice only for kinds that keep passwords, the code only after 2FA was asked. */
export function fieldsOf(state: AddFormState): FieldName[] {
	const fields: FieldName[] = ['service', 'url', 'identifier', 'password', 'name'];
	if (kindById(state.service).login.remembersPassword) fields.push('remember');
	if (state.needsCode) fields.push('code');
	return fields;
}

export function isChoiceField(field: FieldName): field is 'service' | 'remember' {
	return field === 'service' || field === 'remember';
}

function cycle<Choice>(choices: readonly Choice[], current: Choice, direction: 1 | -1): Choice {
	const index = choices.indexOf(current);
	return choices[(index + direction + choices.length) % choices.length] ?? current;
}

export function addFormReducer(state: AddFormState, action: AddFormAction): AddFormState {
	switch (action.type) {
		case 'reset':
			return initialAddFormState;
		case 'focus': {
			const fields = fieldsOf(state);
			const index = fields.indexOf(state.focus);
			return {...state, focus: fields[(index + action.direction + fields.length) % fields.length] ?? state.focus};
		}
		case 'edit':
			return {...state, [action.field]: action.value, error: undefined};
		case 'cycle': {
			if (state.focus === 'remember') return {...state, remember: cycle(rememberChoices, state.remember, action.direction)};
			if (state.focus !== 'service') return state;
			const service = cycle(serviceChoices, state.service, action.direction);
			// Follow the service with the URL unless the user typed one of their own.
			const untouched = state.url === '' || state.url === defaultUrls[state.service];
			return {...state, service, url: untouched ? defaultUrls[service] : state.url, needsCode: false, code: '', error: undefined};
		}
		case 'key':
			return applyKey(state, action.input, action.key);
		case 'submitting': {
			const missing = missingField(state);
			if (missing) return {...state, error: missing};
			return {...state, busy: true, submission: state.submission + 1, error: undefined, notice: undefined};
		}
		case 'failed':
			return {...state, busy: false, error: action.message};
		case 'needs-code':
			return {...state, busy: false, needsCode: true, focus: 'code', notice: action.message};
	}
}

/** Tab/↓ and Shift-Tab/↑ move, ←/→/space change a choice, Enter goes on or sends on the last field. */
function applyKey(state: AddFormState, input: string, key: Key): AddFormState {
	if (state.busy) return state;
	const fields = fieldsOf(state);
	if (key.return) {
		const last = state.focus === fields[fields.length - 1];
		return addFormReducer(state, last ? {type: 'submitting'} : {type: 'focus', direction: 1});
	}
	if (key.tab || key.downArrow || key.upArrow) {
		return addFormReducer(state, {type: 'focus', direction: key.upArrow || (key.tab && key.shift) ? -1 : 1});
	}
	if (isChoiceField(state.focus)) {
		if (key.leftArrow) return addFormReducer(state, {type: 'cycle', direction: -1});
		if (key.rightArrow || input === ' ') return addFormReducer(state, {type: 'cycle', direction: 1});
		return state;
	}
	const field = state.focus;
	const value = editText(state[field], input, key);
	return value === undefined ? state : addFormReducer(state, {type: 'edit', field, value});
}

/** What is missing before the form can be sent, or undefined. */
export function missingField(state: AddFormState): string | undefined {
	if (state.url.trim() === '') return 'the URL is missing';
	if (state.identifier.trim() === '') return kindById(state.service).login.missingIdentifier;
	if (state.password === '') return 'the password is missing';
	if (state.needsCode && state.code.trim() === '') return 'the sign-in code is missing';
	return undefined;
}

export function loginRequestOf(state: AddFormState): LoginRequest {
	const request: LoginRequest = {
		service: state.service,
		url: state.url.trim(),
		identifier: state.identifier.trim(),
		password: state.password,
	};
	if (state.name.trim() !== '') request.name = state.name.trim();
	if (kindById(state.service).login.remembersPassword) request.rememberPassword = state.remember;
	if (state.needsCode) request.authFactorToken = state.code.trim();
	return request;
}

export function useAddFormState() {
	return useReducer(addFormReducer, initialAddFormState);
}
