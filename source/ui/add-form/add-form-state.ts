/**
 * The `a` form's state and its pure reducer. The password is not here: the store keeps it
 * outside React and puts only its mask (length and cursor) into this state. Kinds that sign in
 * in a browser (OAuth) ask for no password: an identity, optionally the server to resolve a
 * handle at, and the scope.
 */
import type {PasswordMemory, ServiceKind} from '../../services/account.js';
import {kindById, kindIds, kinds} from '../../services/kinds.js';
import type {LoginRequest} from '../../services/manager-api.js';
import {editText, emptyMask, emptyText, textAtEnd, type MaskedText, type TextEdit, type TextState} from '../lib/edit-text.js';

export type FieldName = 'service' | 'url' | 'identifier' | 'password' | 'name' | 'remember' | 'code' | 'scope';
/** Fields whose text is shown (the password is masked and kept elsewhere). */
export type PlainFieldName = 'url' | 'identifier' | 'name' | 'code' | 'scope';
export type ChoiceFieldName = 'service' | 'remember';

/** A kind that signs in in a browser (OAuth): the form asks for no password, and the URL is optional. */
export function signsInInBrowser(service: ServiceKind): boolean {
	return kindById(service).login.method === 'browser';
}

/** The URL each kind's form starts with; none for browser sign-ins (the server is found from the identity). */
export const defaultUrls = Object.fromEntries(kinds.map((kind) => [kind.id, kind.login.method === 'browser' ? '' : kind.login.defaultUrl])) as Record<ServiceKind, string>;

export const serviceChoices: readonly ServiceKind[] = kindIds;
export const rememberChoices: readonly PasswordMemory[] = ['none', 'keyring', 'plaintext'];

export interface FormError {
	/** The field that is wrong; it gets the focus. */
	field: FieldName;
	message: string;
}

export interface AddFormState {
	service: ServiceKind;
	url: TextState;
	identifier: TextState;
	password: MaskedText;
	name: TextState;
	remember: PasswordMemory;
	/** Bluesky email 2FA code, asked for after the server said so. */
	code: TextState;
	/** What a browser sign-in asks for (kinds with a default scope). */
	scope: TextState;
	needsCode: boolean;
	focus: FieldName;
	/** A login is being sent. */
	busy: boolean;
	error?: FormError;
	notice?: string;
}

export type AddFormAction =
	/** A fresh, empty form (each `a` opens one). */
	| {type: 'reset'}
	| {type: 'focus'; direction: 1 | -1}
	| {type: 'edit'; field: PlainFieldName; edit: TextEdit}
	| {type: 'password'; mask: MaskedText}
	| {type: 'cycle'; direction: 1 | -1}
	| {type: 'submitting'}
	| {type: 'failed'; error: FormError}
	| {type: 'needs-code'; message: string};

export const initialAddFormState: AddFormState = {
	service: serviceChoices[0]!,
	url: textAtEnd(defaultUrls[serviceChoices[0]!]),
	identifier: emptyText,
	password: emptyMask,
	name: emptyText,
	remember: 'none',
	code: emptyText,
	scope: textAtEnd(kindById(serviceChoices[0]!).login.defaultScope ?? ''),
	needsCode: false,
	focus: 'service',
	busy: false,
};

/** The fields in tab order; the remember choice only for kinds that keep passwords, the code only after 2FA was asked. */
export function fieldsOf(state: AddFormState): FieldName[] {
	const {login} = kindById(state.service);
	if (login.method === 'browser') return ['service', 'url', 'identifier', 'name', ...(login.defaultScope === undefined ? [] : ['scope' as const])];
	const fields: FieldName[] = ['service', 'url', 'identifier', 'password', 'name'];
	if (login.remembersPassword) fields.push('remember');
	if (state.needsCode) fields.push('code');
	return fields;
}

export function isChoiceField(field: FieldName): field is ChoiceFieldName {
	return field === 'service' || field === 'remember';
}

export function isLastField(state: AddFormState): boolean {
	return fieldsOf(state).at(-1) === state.focus;
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
			if (state.busy) return state;
			const fields = fieldsOf(state);
			const index = fields.indexOf(state.focus);
			return {...state, focus: fields[(index + action.direction + fields.length) % fields.length] ?? state.focus};
		}
		case 'edit': {
			if (state.busy) return state;
			const value = editText(state[action.field], action.edit);
			if (value === state[action.field]) return state;
			return {...state, [action.field]: value, error: undefined};
		}
		case 'password':
			return {...state, password: action.mask, error: undefined};
		case 'cycle': {
			if (state.busy) return state;
			if (state.focus === 'remember') return {...state, remember: cycle(rememberChoices, state.remember, action.direction)};
			if (state.focus !== 'service') return state;
			const service = cycle(serviceChoices, state.service, action.direction);
			// Follow the service with the URL unless the user typed one of their own.
			const untouched = state.url.text === '' || state.url.text === defaultUrls[state.service];
			const scope = textAtEnd(kindById(service).login.defaultScope ?? '');
			return {...state, service, url: untouched ? textAtEnd(defaultUrls[service]) : state.url, scope, needsCode: false, code: emptyText, error: undefined};
		}
		case 'submitting':
			return {...state, busy: true, error: undefined, notice: undefined};
		case 'failed': {
			// The wrong field gets the focus; a field the form no longer shows leaves it where it is.
			const focus = fieldsOf(state).includes(action.error.field) ? action.error.field : state.focus;
			return {...state, busy: false, error: action.error, focus};
		}
		case 'needs-code':
			return {...state, busy: false, needsCode: true, focus: 'code', notice: action.message};
	}
}

/** What is missing before the form can be sent, or undefined. */
export function missingField(state: AddFormState): FormError | undefined {
	const browser = signsInInBrowser(state.service);
	if (!browser && state.url.text.trim() === '') return {field: 'url', message: 'the URL is missing'};
	if (state.identifier.text.trim() === '') return {field: 'identifier', message: kindById(state.service).login.missingIdentifier};
	if (!browser && state.password.length === 0) return {field: 'password', message: 'the password is missing'};
	if (state.needsCode && state.code.text.trim() === '') return {field: 'code', message: 'the sign-in code is missing'};
	return undefined;
}

export function loginRequestOf(state: AddFormState, password: string): LoginRequest {
	const request: LoginRequest = {
		service: state.service,
		url: state.url.text.trim(),
		identifier: state.identifier.text.trim(),
		password,
	};
	const name = state.name.text.trim();
	if (name !== '') request.name = name;
	if (kindById(state.service).login.remembersPassword) request.rememberPassword = state.remember;
	if (state.needsCode) request.authFactorToken = state.code.text.trim();
	const scope = state.scope.text.trim().replace(/\s+/g, ' ');
	if (kindById(state.service).login.defaultScope !== undefined && scope !== '') request.scope = scope;
	return request;
}
