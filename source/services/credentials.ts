/**
 * Turns service answers into stored accounts. Every credential change bumps `revision`, so
 * the store can refuse to let an older session overwrite a newer one.
 */
import {randomBytes} from 'node:crypto';
import type {BlueskyAccount, PasswordMemory, ZettelstoreAccount} from './account.js';
import type {BlueskySession} from './bluesky.js';
import {isInsecureUrl} from './http.js';
import type {ZettelstoreTokenAnswer} from './zettelstore.js';

export function newAccountId(): string {
	return randomBytes(8).toString('hex');
}

export function blueskyAccountFromSession(
	session: BlueskySession,
	origin: {id?: string; name: string; url: string; identifier: string},
): BlueskyAccount {
	return {
		id: origin.id ?? newAccountId(),
		name: origin.name,
		service: 'bluesky',
		url: origin.url,
		identifier: origin.identifier,
		createdAt: session.receivedAt,
		revision: 0,
		...blueskyCredentialFields(session),
	};
}

/** The account after a successful refresh or re-login. */
export function withBlueskySession(account: BlueskyAccount, session: BlueskySession): BlueskyAccount {
	return {...account, ...blueskyCredentialFields(session), revision: account.revision + 1};
}

function blueskyCredentialFields(session: BlueskySession) {
	return {
		handle: session.handle,
		did: session.did,
		// A didDoc may name any URL: tokens follow it only over https or to loopback.
		pdsUrl: session.pdsUrl && !isInsecureUrl(session.pdsUrl) ? session.pdsUrl : undefined,
		accessJwt: session.accessJwt,
		refreshJwt: session.refreshJwt,
		accessIssuedAt: session.accessIssuedAt,
		accessExpiresAt: session.accessExpiresAt,
		refreshExpiresAt: session.refreshExpiresAt,
		scope: session.scope,
		status: 'ok' as const,
		statusMessage: undefined,
		lastRefresh: {at: session.receivedAt, ok: true},
	};
}

export function zettelstoreAccountFromAnswer(
	answer: ZettelstoreTokenAnswer,
	origin: {id?: string; name: string; url: string; user: string; passwordMemory: PasswordMemory; password?: string; serverVersion?: string},
): ZettelstoreAccount {
	return {
		id: origin.id ?? newAccountId(),
		name: origin.name,
		service: 'zettelstore',
		url: origin.url,
		user: origin.user,
		createdAt: answer.receivedAt,
		revision: 0,
		passwordMemory: origin.passwordMemory,
		...(origin.passwordMemory === 'plaintext' ? {password: origin.password} : {}),
		serverVersion: origin.serverVersion,
		...zettelstoreCredentialFields(answer),
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
	return {...account, ...fields, revision: account.revision + 1};
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
