/**
 * The refresh grant: the stored refresh token (single use, no grace) for a new access AND
 * refresh token. The caller must hold the account's cross-process lock, pass the token set it
 * re-read under that lock, and persist what this returns before anything else uses it: the old
 * refresh token is dead the moment the server answers, and sending it again ends the session.
 */
import {ServiceError} from '../errors.js';
import {hostOf} from '../http.js';
import {authServerFailure} from './auth-server-failure.js';
import {postToAuthServer} from './auth-server-request.js';
import {type NonceBook} from './nonce-book.js';
import {type OAuthTokenSet, readTokenAnswer} from './token-set.js';

export async function refreshTokenSet(current: OAuthTokenSet, nonces: NonceBook): Promise<OAuthTokenSet> {
	const form = {grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: current.clientId};
	const sentAt = Date.now();
	const answer = await postToAuthServer(current.tokenEndpoint, form, current.dpopKey, nonces);
	if (answer.status !== 200) throw authServerFailure(answer, current.tokenEndpoint, 'refresh', [current.refreshToken, current.accessToken]);
	const tokens = readTokenAnswer(answer, current.tokenEndpoint);
	if (tokens.sub !== current.sub) {
		throw new ServiceError('bad-answer', `${hostOf(current.tokenEndpoint)} answered a refresh of ${current.sub} with tokens for ${tokens.sub}`);
	}
	return {...current, ...tokens, refreshedAt: sentAt};
}
