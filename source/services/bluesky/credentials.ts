/**
 * Turns createSession/refreshSession answers into stored accounts. Every credential change
 * bumps `revision`, so the store can refuse to let an older session overwrite a newer one.
 */
import {newAccountFields} from '../account.js';
import {withoutDrift} from '../bluesky-oauth/identity-drift.js';
import {isInsecureUrl} from '../http.js';
import type {BlueskyAccount} from './account.js';
import type {BlueskySession} from './api.js';

export function blueskyAccountFromSession(
	session: BlueskySession,
	origin: {id?: string; name: string; url: string; identifier: string},
): BlueskyAccount {
	return {
		...newAccountFields(origin, session.receivedAt),
		service: 'bluesky',
		identifier: origin.identifier,
		...blueskyCredentialFields(session),
		// The login is the first identity check: the server that answered holds the account.
		identityCheckedAt: session.receivedAt,
		...(session.loginBudget ? {loginBudget: session.loginBudget} : {}),
	};
}

/** The account after a successful refresh or re-login (a login answer brings a new login budget; a refresh keeps it). */
export function withBlueskySession(account: BlueskyAccount, session: BlueskySession): BlueskyAccount {
	return {...withoutDrift(account), ...blueskyCredentialFields(session), ...(session.loginBudget ? {loginBudget: session.loginBudget} : {}), revision: account.revision + 1};
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
