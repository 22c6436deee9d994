import {useReducer} from 'react';
import type {PasswordMemory, ServiceKind} from '../../services/account.js';
import type {LoginRequest} from '../../services/manager-api.js';

export type FieldName = 'service' | 'url' | 'identifier' | 'password' | 'name' | 'remember' | 'code';
export type TextFieldName = 'url' | 'identifier' | 'password' | 'name' | 'code';

export const defaultUrls: Record<ServiceKind, string> = {
	bluesky: 'https://bsky.social',
	// Zettelstore's own default listen address.
	zettelstore: 'http://127.0.0.1:23123',
};

export const serviceChoices: readonly ServiceKind[] = ['bluesky', 'zettelstore'];
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
	busy: boolean;
	error?: string;
	notice?: string;
}

export type AddFormAction =
	| {type: 'focus'; direction: 1 | -1}
	| {type: 'edit'; field: TextFieldName; value: string}
	| {type: 'cycle'; direction: 1 | -1}
	| {type: 'submitting'}
	| {type: 'failed'; message: string}
	| {type: 'needs-code'; message: string};

export const initialAddFormState: AddFormState = {
	service: 'bluesky',
	url: defaultUrls.bluesky,
	identifier: '',
	password: '',
	name: '',
	remember: 'none',
	code: '',
	needsCode: false,
	focus: 'service',
	busy: false,
};

/** The fields in tab order; the remember choice only exists for Zettelstore, the code only after 2FA was asked. */
export function fieldsOf(state: AddFormState): FieldName[] {
	const fields: FieldName[] = ['service', 'url', 'identifier', 'password', 'name'];
	if (state.service === 'zettelstore') fields.push('remember');
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
		case 'submitting':
			return {...state, busy: true, error: undefined, notice: undefined};
		case 'failed':
			return {...state, busy: false, error: action.message};
		case 'needs-code':
			return {...state, busy: false, needsCode: true, focus: 'code', notice: action.message};
	}
}

/** What is missing before the form can be sent, or undefined. */
export function missingField(state: AddFormState): string | undefined {
	if (state.url.trim() === '') return 'the URL is missing';
	if (state.identifier.trim() === '') return state.service === 'bluesky' ? 'the handle is missing' : 'the user is missing';
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
	if (state.service === 'zettelstore') request.rememberPassword = state.remember;
	if (state.needsCode) request.authFactorToken = state.code.trim();
	return request;
}

export function useAddFormState() {
	return useReducer(addFormReducer, initialAddFormState);
}
