import assert from 'node:assert/strict';
import {test} from 'node:test';
import {
	addFormReducer,
	defaultUrls,
	fieldsOf,
	initialAddFormState,
	loginRequestOf,
	missingField,
	type AddFormAction,
	type AddFormState,
} from '../../source/ui/add-form/use-add-form-state.js';

const apply = (state: AddFormState, ...actions: AddFormAction[]) => actions.reduce(addFormReducer, state);

test('starts on Bluesky with the default entryway', () => {
	assert.equal(initialAddFormState.service, 'bluesky');
	assert.equal(initialAddFormState.url, 'https://bsky.social');
	assert.deepEqual(fieldsOf(initialAddFormState), ['service', 'url', 'identifier', 'password', 'name']);
});

test('switching to Zettelstore switches an untouched URL and adds the remember choice', () => {
	const state = apply(initialAddFormState, {type: 'cycle', direction: 1});
	assert.equal(state.service, 'zettelstore');
	assert.equal(state.url, defaultUrls.zettelstore);
	assert.deepEqual(fieldsOf(state), ['service', 'url', 'identifier', 'password', 'name', 'remember']);
});

test('a typed URL survives a service switch', () => {
	const state = apply(initialAddFormState, {type: 'edit', field: 'url', value: 'https://pds.example'}, {type: 'cycle', direction: 1});
	assert.equal(state.url, 'https://pds.example');
});

test('focus wraps around the fields', () => {
	const state = apply(initialAddFormState, {type: 'focus', direction: -1});
	assert.equal(state.focus, 'name');
	assert.equal(addFormReducer(state, {type: 'focus', direction: 1}).focus, 'service');
});

test('the 2FA step adds the code field and focuses it', () => {
	const state = apply(initialAddFormState, {type: 'submitting'}, {type: 'needs-code', message: 'code sent'});
	assert.equal(state.focus, 'code');
	assert.equal(state.busy, false);
	assert.equal(state.notice, 'code sent');
	assert.equal(fieldsOf(state).at(-1), 'code');
	assert.equal(missingField({...state, identifier: 'a', password: 'b'}), 'the sign-in code is missing');
});

test('builds the login request, leaving out what is empty', () => {
	const bluesky = {...initialAddFormState, identifier: ' alice.example ', password: 'pw'};
	assert.deepEqual(loginRequestOf(bluesky), {service: 'bluesky', url: 'https://bsky.social', identifier: 'alice.example', password: 'pw'});
	const zettelstore = {...bluesky, service: 'zettelstore' as const, name: 'notes', remember: 'keyring' as const, needsCode: false};
	assert.equal(loginRequestOf(zettelstore).rememberPassword, 'keyring');
	assert.equal(loginRequestOf(zettelstore).name, 'notes');
	assert.equal(loginRequestOf({...bluesky, needsCode: true, code: '123'}).authFactorToken, '123');
});

test('names what is missing before sending', () => {
	assert.equal(missingField(initialAddFormState), 'the handle is missing');
	assert.equal(missingField({...initialAddFormState, identifier: 'x'}), 'the password is missing');
	assert.equal(missingField({...initialAddFormState, url: ' '}), 'the URL is missing');
});
