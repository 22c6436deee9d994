/** Bluesky (AT Protocol) app-password sessions: createSession / refreshSession / deleteSession. */
import type {AccountKind, DetailRow} from '../kind.js';
import {loginBudgetRunsLow, loginBudgetSchema, loginBudgetText} from '../login-budget.js';
import type {BlueskyAccount} from './account.js';

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
		},
	},
	login: {
		defaultUrl: 'https://bsky.social',
		identifierLabel: 'handle or email',
		passwordLabel: 'app password',
		missingIdentifier: 'the handle is missing',
		remembersPassword: false,
		asksForSignInCode: true,
		commandArguments: ['IDENTIFIER'],
	},
	identity: account => account.handle,
	did: account => account.did,
	accessToken: account => account.accessJwt,
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
