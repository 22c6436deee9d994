/**
 * Turns token answers into stored accounts. Every credential change bumps `revision`, so the
 * store can refuse to let an older session overwrite a newer one.
 */
import {type PasswordMemory, newAccountFields} from '../account.js';
import type {ZettelstoreAccount} from './account.js';
import type {ZettelstoreTokenAnswer} from './api.js';

export function zettelstoreAccountFromAnswer(
	answer: ZettelstoreTokenAnswer,
	origin: {id?: string; name: string; url: string; user: string; passwordMemory: PasswordMemory; password?: string; serverVersion?: string},
): ZettelstoreAccount {
	return {
		...newAccountFields(origin, answer.receivedAt),
		service: 'zettelstore',
		user: origin.user,
		passwordMemory: origin.passwordMemory,
		...(origin.passwordMemory === 'plaintext' ? {password: origin.password} : {}),
		serverVersion: origin.serverVersion,
		...zettelstoreCredentialFields(answer),
		...(answer.loginBudget ? {loginBudget: answer.loginBudget} : {}),
	};
}

export function withZettelstoreAnswer(account: ZettelstoreAccount, answer: ZettelstoreTokenAnswer): ZettelstoreAccount {
	const fields = zettelstoreCredentialFields(answer);
	if (answer.token === account.token && !answer.freeAccess) {
		// A young token comes back unchanged with its remaining seconds: it keeps its issue time,
		// and rounding of those seconds must not make the countdown jump up.
		fields.tokenReceivedAt = account.tokenReceivedAt;
		fields.tokenExpiresAt = Math.min(account.tokenExpiresAt, answer.expiresAt);
		fields.reportedLifetime = account.reportedLifetime;
	}
	return {...account, ...fields, ...(answer.loginBudget ? {loginBudget: answer.loginBudget} : {}), revision: account.revision + 1};
}

function zettelstoreCredentialFields(answer: ZettelstoreTokenAnswer) {
	return {
		token: answer.token,
		tokenReceivedAt: answer.receivedAt,
		tokenExpiresAt: answer.expiresAt,
		reportedLifetime: answer.lifetimeSeconds,
		freeAccess: answer.freeAccess,
		era: answer.era,
		claims: answer.claims,
		status: 'ok' as const,
		statusMessage: undefined,
		lastRefresh: {at: answer.receivedAt, ok: true},
	};
}
