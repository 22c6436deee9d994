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
} from '../../source/ui/add-form/add-form-state.js';
import {textAtEnd} from '../../source/ui/lib/edit-text.js';

const apply = (state: AddFormState, ...actions: AddFormAction[]) => actions.reduce(addFormReducer, state);

test('starts on Bluesky with the default entryway', () => {
	assert.equal(initialAddFormState.service, 'bluesky');
	assert.equal(initialAddFormState.url.text, 'https://bsky.social');
	assert.deepEqual(fieldsOf(initialAddFormState), ['service', 'url', 'identifier', 'password', 'name']);
});

test('switching to Zettelstore switches an untouched URL and adds the remember choice', () => {
	const state = apply(initialAddFormState, {type: 'cycle', direction: 1});
	assert.equal(state.service, 'zettelstore');
	assert.equal(state.url.text, defaultUrls.zettelstore);
	assert.deepEqual(fieldsOf(state), ['service', 'url', 'identifier', 'password', 'name', 'remember']);
});

test('a typed URL survives a service switch', () => {
	const state = apply(
		initialAddFormState,
		{type: 'edit', field: 'url', edit: {type: 'delete-to-start'}},
		{type: 'edit', field: 'url', edit: {type: 'insert', text: 'https://pds.example'}},
		{type: 'cycle', direction: 1},
	);
	assert.equal(state.url.text, 'https://pds.example');
});

test('focus wraps around the fields', () => {
	const state = apply(initialAddFormState, {type: 'focus', direction: -1});
	assert.equal(state.focus, 'name');
	assert.equal(addFormReducer(state, {type: 'focus', direction: 1}).focus, 'service');
});

test('a failure puts the focus on the field that is wrong', () => {
	const state = apply(initialAddFormState, {type: 'submitting'}, {type: 'failed', error: {field: 'identifier', message: 'unknown handle'}});
	assert.equal(state.focus, 'identifier');
	assert.equal(state.busy, false);
	assert.deepEqual(state.error, {field: 'identifier', message: 'unknown handle'});
});

test('the 2FA step adds the code field and focuses it', () => {
	const state = apply(initialAddFormState, {type: 'submitting'}, {type: 'needs-code', message: 'code sent'});
	assert.equal(state.focus, 'code');
	assert.equal(state.busy, false);
	assert.equal(state.notice, 'code sent');
	assert.equal(fieldsOf(state).at(-1), 'code');
	const filled = {...state, identifier: textAtEnd('a'), password: {length: 1, cursor: 1}};
	assert.deepEqual(missingField(filled), {field: 'code', message: 'the sign-in code is missing'});
});

test('builds the login request, leaving out what is empty', () => {
	const bluesky = {...initialAddFormState, identifier: textAtEnd(' alice.example ')};
	assert.deepEqual(loginRequestOf(bluesky, 'pw'), {service: 'bluesky', url: 'https://bsky.social', identifier: 'alice.example', password: 'pw'});
	const zettelstore = {...bluesky, service: 'zettelstore' as const, name: textAtEnd('notes'), remember: 'keyring' as const, needsCode: false};
	assert.equal(loginRequestOf(zettelstore, 'pw').rememberPassword, 'keyring');
	assert.equal(loginRequestOf(zettelstore, 'pw').name, 'notes');
	assert.equal(loginRequestOf({...bluesky, needsCode: true, code: textAtEnd('123')}, 'pw').authFactorToken, '123');
});

test('names what is missing, and where, before sending', () => {
	assert.deepEqual(missingField(initialAddFormState), {field: 'identifier', message: 'the handle is missing'});
	assert.deepEqual(missingField({...initialAddFormState, identifier: textAtEnd('x')}), {field: 'password', message: 'the password is missing'});
	assert.deepEqual(missingField({...initialAddFormState, url: textAtEnd(' ')}), {field: 'url', message: 'the URL is missing'});
});
