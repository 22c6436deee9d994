/**
 * Logout that really ends the session: POST the refresh token to the revocation endpoint,
 * DPoP-signed. The atproto reference server answers 200 `{}` to an unsigned revocation too,
 * and then revokes nothing; signed, it deletes the whole session (both tokens).
 */
import {authServerFailure} from './auth-server-failure.js';
import {postToAuthServer} from './auth-server-request.js';
import {type NonceBook} from './nonce-book.js';
import {type OAuthTokenSet} from './token-set.js';

export type RevocableSession = Pick<OAuthTokenSet, 'refreshToken' | 'accessToken' | 'clientId' | 'dpopKey' | 'revocationEndpoint'>;

/** True when the server revoked the session; false when it offers no revocation endpoint. */
export async function revokeSession(session: RevocableSession, nonces: NonceBook): Promise<boolean> {
	const endpoint = session.revocationEndpoint;
	if (endpoint === undefined) return false;
	const answer = await postToAuthServer(endpoint, {client_id: session.clientId, token: session.refreshToken}, session.dpopKey, nonces);
	if (answer.status !== 200) throw authServerFailure(answer, endpoint, 'revocation', [session.refreshToken, session.accessToken]);
	return true;
}
