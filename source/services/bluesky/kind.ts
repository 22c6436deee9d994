/** Bluesky (AT Protocol) app-password sessions: createSession / refreshSession / deleteSession. */
import {identityCheckProperties} from '../bluesky-oauth/identity-schema.js';
import type {AccountKind, DetailRow} from '../kind.js';
import {loginBudgetRunsLow, loginBudgetSchema, loginBudgetText} from '../login-budget.js';
import type {BlueskyAccount} from './account.js';
import {xrpcErrorOf} from './xrpc-error.js';

export const blueskyKind: AccountKind<BlueskyAccount> = {
	id: 'bluesky',
	schema: {
		required: ['did', 'handle', 'accessJwt', 'refreshJwt', 'accessExpiresAt', 'refreshExpiresAt'],
		properties: {
			accessJwt: {type: 'string'},
			refreshJwt: {type: 'string'},
			accessExpiresAt: {type: 'number'},
			refreshExpiresAt: {type: 'number'},
			loginBudget: loginBudgetSchema,
			...identityCheckProperties,
		},
	},
	login: {
		method: 'password',
		defaultUrl: 'https://bsky.social',
		identifierLabel: 'handle or email',
		passwordLabel: 'app password',
		missingIdentifier: 'the handle is missing',
		remembersPassword: false,
		asksForSignInCode: true,
		commandArguments: ['IDENTIFIER'],
		// Named after the handle the server answers with: the one typed, unless an email or a DID was.
		defaultName: ({identifier}) => (identifier.includes('@') || identifier.startsWith('did:') ? undefined : identifier.toLowerCase()),
	},
	identity: account => account.handle,
	// The identifier may be the handle, the DID or the email typed at login: any of them, at the same server.
	isLoginOf: (account, target) => account.url === target.url && [account.identifier, account.handle, account.did].some(known => known.toLowerCase() === target.identifier.toLowerCase()),
	did: account => account.did,
	identityDrift: account => account.identityDrift,
	accessToken: account => account.accessJwt,
	tokenType: () => 'Bearer',
	// Calls after login go to the account's own PDS from its DID document.
	resourceBaseUrl: account => account.pdsUrl ?? account.url,
	// An expired access token is HTTP 400 ExpiredToken (401 only on some proxies).
	isExpiredTokenAnswer: ({status, body}) => (status === 400 || status === 401) && xrpcErrorOf(body).name === 'ExpiredToken',
	accessIssuedAt: account => account.accessIssuedAt,
	accessExpiresAt: account => account.accessExpiresAt,
	refreshExpiresAt: account => account.refreshExpiresAt,
	needsNoAuth: () => false,
	// A refresh token lives for months; a password is never kept for it.
	canReloginUnattended: () => false,
	/**
	 * When half the access lifetime is left (an hour of a 2 h token): a comfortable margin, so
	 * an outage or a sleeping laptop has time before the token ends (rotation costs nothing).
	 */
	refreshDueAt(account) {
		const lifetime = Math.max(0, account.accessExpiresAt - account.accessIssuedAt);
		return account.accessExpiresAt - lifetime / 2;
	},
	detail(account) {
		const identity = [];
		if (account.pdsUrl && account.pdsUrl !== account.url) identity.push({label: 'PDS', text: account.pdsUrl});
		identity.push({label: 'handle', text: account.handle}, {label: 'DID', text: account.did});
		const credential: DetailRow[] = [
			{label: 'refresh expires', countdownTo: account.refreshExpiresAt},
			{label: 'scope', text: account.scope ?? '—'},
		];
		if (loginBudgetRunsLow(account.loginBudget, Date.now())) credential.push({label: 'login budget', text: loginBudgetText(account.loginBudget!)});
		return {identity, credential, server: []};
	},
	operations: async () => (await import('./operations.js')).blueskyOperations,
};

