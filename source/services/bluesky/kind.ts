/** Bluesky (AT Protocol) app-password sessions: createSession / refreshSession / deleteSession. */
import type {AccountKind} from '../kind.js';
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
	/** When a third of the access lifetime is left: room for a failure or two before it ends. */
	refreshDueAt(account) {
		const lifetime = Math.max(0, account.accessExpiresAt - account.accessIssuedAt);
		return account.accessExpiresAt - lifetime / 3;
	},
	detail(account) {
		const identity = [];
		if (account.pdsUrl && account.pdsUrl !== account.url) identity.push({label: 'PDS', text: account.pdsUrl});
		identity.push({label: 'handle', text: account.handle}, {label: 'DID', text: account.did});
		return {
			identity,
			credential: [
				{label: 'refresh expires', countdownTo: account.refreshExpiresAt},
				{label: 'scope', text: account.scope ?? '—'},
			],
			server: [],
		};
	},
	operations: async () => (await import('./operations.js')).blueskyOperations,
};
