/**
 * Bluesky OAuth sessions (atproto OAuth, DPoP-bound tokens), signed in through a browser. Light
 * on purpose: the descriptive side loads with `tokentop token` and the first frame; the network
 * side (operations.ts) loads on first use.
 */
import type {AccountKind} from '../kind.js';
import type {BlueskyOAuthAccount} from './account.js';
import {dpopAlgorithm, jwkThumbprint, publicJwkOf} from './dpop-key.js';
import {identityCheckProperties} from './identity-schema.js';
import {defaultScope} from './loopback-client.js';
import {sessionClocks} from './session-clocks.js';

const minute = 60_000;
const text = {type: 'string', minLength: 1} as const;
const time = {type: 'number'} as const;

export const blueskyOAuthKind: AccountKind<BlueskyOAuthAccount> = {
	id: 'bluesky-oauth',
	schema: {
		required: ['did', 'handle', 'accessIssuedAt', 'tokens', 'nonces'],
		properties: {
			did: text,
			handle: {type: 'string'},
			accessIssuedAt: time,
			tokens: {
				type: 'object',
				required: ['accessToken', 'refreshToken', 'scope', 'sub', 'issuer', 'clientId', 'tokenEndpoint', 'pdsUrl', 'dpopKey', 'signedInAt', 'refreshedAt', 'accessExpiresAt'],
				properties: {
					accessToken: text,
					refreshToken: text,
					scope: {type: 'string'},
					sub: text,
					issuer: text,
					clientId: text,
					tokenEndpoint: text,
					revocationEndpoint: text,
					pdsUrl: text,
					dpopKey: {type: 'object', required: ['kty', 'crv', 'x', 'y', 'd'], properties: {kty: {const: 'EC'}, crv: {const: 'P-256'}, x: text, y: text, d: text}},
					signedInAt: time,
					sessionLifetimeMs: time,
					refreshedAt: time,
					accessExpiresAt: time,
				},
			},
			nonces: {type: 'object'},
			...identityCheckProperties,
		},
	},
	login: {
		method: 'browser',
		defaultUrl: 'https://bsky.social',
		choice: 'bluesky (sign in with browser)',
		identifierLabel: 'handle, DID or URL',
		passwordLabel: '',
		missingIdentifier: 'the handle is missing',
		remembersPassword: false,
		asksForSignInCode: false,
		defaultScope,
		selectedBy: {command: 'bluesky', flag: 'oauth'},
		commandArguments: ['IDENTIFIER'],
		// A handle typed names the account; a DID or a server URL is known only after the sign-in.
		defaultName: ({identifier}) => (identifier.startsWith('did:') || /^https?:/i.test(identifier) ? undefined : identifier.toLowerCase()),
	},
	signsEachRequest: true,
	tokenRefusal: 'An OAuth access token is bound to a private key and useless alone: use `tokentop fetch NAME /xrpc/…` or `tokentop header NAME -X METHOD URL | curl -H @- URL`',
	identity: account => account.handle || account.did,
	isLoginOf: (account, target) => [account.handle, account.did].some(known => known !== '' && known.toLowerCase() === target.identifier.toLowerCase()),
	did: account => account.did,
	identityDrift: account => account.identityDrift,
	accessToken: account => account.tokens.accessToken,
	tokenType: () => 'DPoP',
	resourceBaseUrl: account => account.tokens.pdsUrl,
	// The resource server refuses an expired DPoP token with 401 and error="invalid_token" (WWW-Authenticate).
	isExpiredTokenAnswer: ({status}) => status === 401,
	accessIssuedAt: account => account.accessIssuedAt,
	accessExpiresAt: account => account.tokens.accessExpiresAt,
	refreshExpiresAt: account => sessionClocks(account.tokens).refreshExpiresAt,
	sessionEndsAt: account => sessionClocks(account.tokens).sessionEndsAt,
	needsNoAuth: () => false,
	// Only a person in a browser can start a new session.
	canReloginUnattended: () => false,
	/** Half the access lifetime left, at most ten minutes before its end: room for a failure or two. */
	refreshDueAt(account) {
		const lifetime = Math.max(0, account.tokens.accessExpiresAt - account.accessIssuedAt);
		return account.tokens.accessExpiresAt - Math.min(lifetime / 2, 10 * minute);
	},
	detail(account) {
		const clocks = sessionClocks(account.tokens);
		return {
			identity: [
				...(account.tokens.pdsUrl === account.url ? [] : [{label: 'PDS', text: account.tokens.pdsUrl}]),
				{label: 'handle', text: account.handle || '—'},
				{label: 'DID', text: account.did},
			],
			credential: [
				{label: 'refresh expires', countdownTo: clocks.refreshExpiresAt},
				{label: 'session ends', countdownTo: clocks.sessionEndsAt},
				{label: 'scope', text: account.tokens.scope},
			],
			server: [
				{label: 'issuer', text: account.tokens.issuer},
				{label: 'DPoP key', text: `${dpopAlgorithm} ${jwkThumbprint(publicJwkOf(account.tokens.dpopKey))}`},
			],
		};
	},
	operations: async () => (await import('./operations.js')).blueskyOAuthOperations,
};
