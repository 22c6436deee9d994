/**
 * An authorization server's refusal as a ServiceError the commands and the app can act on.
 * The one that matters most: `invalid_grant` on a refresh means the session is over (replayed
 * refresh token, 14-day end, revoked) and only a new sign-in helps: 'needs-login', with the
 * server's own reason kept in `details.reason` and said in words in the message.
 */
import {ServiceError} from '../errors.js';
import {type HttpAnswer, hostOf} from '../http.js';
import {headerValue, serverWords} from './answers.js';
import {oauthErrorOf} from './auth-server-request.js';

export type AuthServerCall = 'pushed authorization request' | 'sign-in' | 'refresh' | 'revocation';

/** What the atproto reference server's invalid_grant descriptions mean for the user. */
const grantReasons: Record<string, string> = {
	'Refresh token replayed': 'an already used refresh token was sent, so the server ended the whole session',
	'Session expired': 'the session reached its end (14 days after sign-in; refreshing does not extend it)',
	'Refresh token expired': 'the refresh token went unused for too long',
	'Invalid refresh token': 'the server no longer knows this session (revoked or ended)',
	'DPoP proof does not match the expected JKT': 'the request was signed with another key than the session’s',
};

export function authServerFailure(answer: HttpAnswer, url: string, call: AuthServerCall, secrets: ReadonlyArray<string | undefined>): ServiceError {
	const host = hostOf(url);
	const {status} = answer;
	const {error, description} = oauthErrorOf(answer);
	const said = description === undefined ? '' : serverWords(description, secrets);
	const named = error === undefined ? `HTTP ${status}` : `${error}${said === '' ? '' : `: ${said}`}`;
	const details = {status, ...(error === undefined ? {} : {errorName: error}), ...(said === '' ? {} : {reason: said})};

	if (status === 429) return rateLimited(answer, host, details);
	if (status >= 500) return new ServiceError('server', `${host} failed during the ${call} (${named})`, details);
	if (error === 'invalid_grant') {
		if (call === 'refresh') {
			const words = grantReasons[said] ?? 'the server ended the session';
			return new ServiceError('needs-login', `${host} refused the refresh (${named}): ${words}; sign in again`, details);
		}
		if (call === 'sign-in') return new ServiceError('bad-credentials', `${host} refused to finish the sign-in (${named}); sign in again`, details);
	}
	if (error === 'invalid_scope') return new ServiceError('usage', `${host} refused the requested scope (${named})`, details);
	if (error === undefined) return new ServiceError('server', `${host} answered the ${call} with HTTP ${status} and no OAuth error`, details);
	return new ServiceError('server', `${host} refused the ${call} (HTTP ${status} ${named})`, details);
}

function rateLimited(answer: HttpAnswer, host: string, details: {status: number}): ServiceError {
	const reset = Number(headerValue(answer.headers, 'ratelimit-reset'));
	if (!Number.isFinite(reset) || reset <= 0) return new ServiceError('rate-limited', `${host} is rate-limiting requests: try again later`, details);
	return new ServiceError('rate-limited', `${host} is rate-limiting requests: try again after ${new Date(reset * 1000).toLocaleTimeString()}`, {...details, resetAt: reset * 1000});
}
