/** Zettelstore logins: POST /a authenticates, PUT /a renews; optionally a remembered password. */
import {formatDuration, formatLocalTime} from '../../rules/time-format.js';
import type {PasswordMemory} from '../account.js';
import type {AccountKind, DetailRow, LoginTarget} from '../kind.js';
import {loginBudgetRunsLow, loginBudgetSchema, loginBudgetText, loginBudgetTooLow} from '../login-budget.js';
import type {ZettelstoreAccount, ZettelstoreTokenClaims} from './account.js';

export const zettelstoreKind: AccountKind<ZettelstoreAccount> = {
	id: 'zettelstore',
	schema: {
		required: ['user', 'token', 'tokenExpiresAt', 'freeAccess'],
		properties: {token: {type: 'string'}, tokenExpiresAt: {type: 'number'}, freeAccess: {type: 'boolean'}, loginBudget: loginBudgetSchema},
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
		defaultName: defaultZettelstoreName,
	},
	identity: account => account.user,
	isLoginOf: (account, target) => account.url === target.url && account.user === target.identifier,
	did: () => undefined,
	accessToken: account => account.token,
	tokenType: () => 'Bearer',
	resourceBaseUrl: account => account.url,
	// Data endpoints treat an expired token as no token at all (200 for public zettel, 403 else): nothing says "expired".
	isExpiredTokenAnswer: () => false,
	accessIssuedAt: account => account.tokenReceivedAt,
	accessExpiresAt: account => account.tokenExpiresAt,
	refreshExpiresAt: () => undefined,
	needsNoAuth: account => account.freeAccess,
	// Not with fewer than a fifth of the server's login budget left: those are a person's.
	canReloginUnattended: account => account.passwordMemory !== 'none' && !loginBudgetTooLow(account.loginBudget, Date.now()),
	/**
	 * At half-life: after the first quarter (a renewal then only returns the same token) and long
	 * before the end (the planner's jitter moves it to 40–50 %), unlike the Go client's 90 %,
	 * which leaves a 10-minute token one minute for a retry.
	 */
	refreshDueAt: account => account.tokenReceivedAt + Math.max(0, account.tokenExpiresAt - account.tokenReceivedAt) / 2,
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
		if (loginBudgetRunsLow(account.loginBudget, Date.now())) server.push({label: 'login budget', text: loginBudgetText(account.loginBudget!)});
		return {identity: [{label: 'user', text: account.user}], credential: [], server};
	},
	operations: async () => (await import('./operations.js')).zettelstoreOperations,
};

/** USER@HOST:PORT: one server's users told apart, and several servers' owners too. */
export function defaultZettelstoreName({url, identifier}: LoginTarget): string {
	return `${identifier}@${new URL(url).host}`;
}

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
