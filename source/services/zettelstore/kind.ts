/** Zettelstore logins: POST /a authenticates, PUT /a renews; optionally a remembered password. */
import {formatDuration, formatLocalTime} from '../../rules/time-format.js';
import type {PasswordMemory} from '../account.js';
import type {AccountKind, DetailRow} from '../kind.js';
import type {ZettelstoreAccount, ZettelstoreTokenClaims} from './account.js';

export const zettelstoreKind: AccountKind<ZettelstoreAccount> = {
	id: 'zettelstore',
	schema: {
		required: ['user', 'token', 'tokenExpiresAt', 'freeAccess'],
		properties: {token: {type: 'string'}, tokenExpiresAt: {type: 'number'}, freeAccess: {type: 'boolean'}},
	},
	login: {
		method: 'password',
		// Zettelstore's own default listen address.
		defaultUrl: 'http://127.0.0.1:23123',
		identifierLabel: 'user',
		passwordLabel: 'password',
		missingIdentifier: 'the user is missing',
		remembersPassword: true,
		asksForSignInCode: false,
		commandArguments: ['URL', 'USER'],
	},
	identity: account => account.user,
	did: () => undefined,
	accessToken: account => account.token,
	accessIssuedAt: account => account.tokenReceivedAt,
	accessExpiresAt: account => account.tokenExpiresAt,
	refreshExpiresAt: () => undefined,
	needsNoAuth: account => account.freeAccess,
	canReloginUnattended: account => account.passwordMemory !== 'none',
	/** At 90 % of the lifetime, like Zettelstore's own Go client. */
	refreshDueAt: account => account.tokenReceivedAt + Math.max(0, account.tokenExpiresAt - account.tokenReceivedAt) * 0.9,
	detail(account) {
		const server: DetailRow[] = [
			{label: 'server', text: `${account.serverVersion ?? 'version unknown'}  (${account.era === 'sexpr' ? 's-expression' : 'JSON'} API)`},
			{label: 'token kind', text: tokenKindText(account.claims)},
			// Without authentication the server reports a made-up lifetime (years): say what it means instead.
			{label: 'lifetime', text: account.freeAccess ? 'no authentication needed' : `server said ${formatDuration(account.reportedLifetime * 1000)}`},
		];
		if (account.claims?.issuedAt !== undefined || account.claims?.expiresAt !== undefined) {
			server.push({label: 'claims', text: claimsText(account.claims.issuedAt, account.claims.expiresAt)});
		}
		server.push({label: 'password', text: passwordMemoryText(account.passwordMemory)});
		return {identity: [{label: 'user', text: account.user}], credential: [], server};
	},
	operations: async () => (await import('./operations.js')).zettelstoreOperations,
};

export function passwordMemoryText(memory: PasswordMemory): string {
	switch (memory) {
		case 'keyring':
			return 'password in keyring';
		case 'plaintext':
			return 'password stored in plain text';
		case 'none':
			return 'password not kept (asked when needed)';
	}
}

export function tokenKindText(claims: ZettelstoreTokenClaims | undefined): string {
	if (!claims) return 'unknown';
	const kind = claims.kind === 1 ? 'API token' : claims.kind === 2 ? 'web UI token' : claims.kind === undefined ? 'token' : `kind ${claims.kind}`;
	const format = {sexpr: 's-expression claim', jwt: 'JWT', opaque: 'opaque'}[claims.format];
	return `${kind}, ${format}`;
}

/** What the token's own claims say, shown next to the server's lifetime (never trusted over it). */
function claimsText(claimIssuedAt?: number, claimExpiresAt?: number): string {
	const issued = claimIssuedAt === undefined ? '?' : formatLocalTime(claimIssuedAt);
	const expires = claimExpiresAt === undefined ? '?' : formatLocalTime(claimExpiresAt);
	return `issued ${issued}, expires ${expires}`;
}
