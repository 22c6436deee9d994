/**
 * The second half of a sign-in: the code from the redirect is exchanged (DPoP-signed, with the
 * PKCE verifier) for the session's tokens. Then the answer is checked before anything is kept:
 * the account (`sub`) must be the one the user named, and its DID document must name a PDS
 * whose authorization server is the issuer that signed us in — otherwise a server could
 * hand out sessions for accounts it does not host. A session that fails these checks is
 * revoked at once (best effort) and nothing is returned.
 */
import {ServiceError} from '../errors.js';
import {hostOf} from '../http.js';
import {authServerFailure} from './auth-server-failure.js';
import {postToAuthServer} from './auth-server-request.js';
import {type PendingAuthorization} from './authorization-request.js';
import {type DidResolutionOptions, requirePdsUrl, resolveDidDocument} from './did-document.js';
import {type NonceBook} from './nonce-book.js';
import {authorizationCodeOf} from './redirect-answer.js';
import {revokeSession} from './revoke.js';
import {sessionLifetimeSetting} from './session-clocks.js';
import {requireIssuerOfResource} from './server-metadata.js';
import {type OAuthTokenSet, readTokenAnswer} from './token-set.js';

export async function finishAuthorization(
	pending: PendingAuthorization,
	redirect: URLSearchParams,
	nonces: NonceBook,
	options: DidResolutionOptions = {},
): Promise<OAuthTokenSet> {
	const {server} = pending.target;
	// Read before the code is spent: a bad setting must not cost a session.
	const sessionLifetime = sessionLifetimeSetting();
	const code = authorizationCodeOf(redirect, {state: pending.state, issuer: server.issuer, issRequired: server.issParameterSupported});
	const secrets = [code, pending.codeVerifier];
	const form = {
		grant_type: 'authorization_code',
		code,
		redirect_uri: pending.redirectUri,
		code_verifier: pending.codeVerifier,
		client_id: pending.clientId,
	};
	const sentAt = Date.now();
	const answer = await postToAuthServer(server.tokenEndpoint, form, pending.dpopKey, nonces);
	if (answer.status !== 200) throw authServerFailure(answer, server.tokenEndpoint, 'sign-in', secrets);
	const tokens = readTokenAnswer(answer, server.tokenEndpoint);
	const revocable = {...tokens, clientId: pending.clientId, dpopKey: pending.dpopKey, revocationEndpoint: server.revocationEndpoint};
	let pdsUrl: string;
	try {
		pdsUrl = await verifiedPdsOf(tokens.sub, server.issuer, pending, options);
	} catch (error) {
		// Not the session we asked for: do not leave it open on the server.
		await revokeSession(revocable, nonces).catch(() => undefined);
		throw error;
	}
	return {
		...tokens,
		...(pending.target.handle === undefined || tokens.sub !== pending.target.did ? {} : {handle: pending.target.handle}),
		issuer: server.issuer,
		clientId: pending.clientId,
		tokenEndpoint: server.tokenEndpoint,
		...(server.revocationEndpoint === undefined ? {} : {revocationEndpoint: server.revocationEndpoint}),
		pdsUrl,
		dpopKey: pending.dpopKey,
		signedInAt: sentAt,
		refreshedAt: sentAt,
		...sessionLifetime,
	};
}

/** The account's PDS, once the account is the one asked for and its PDS trusts this issuer. */
async function verifiedPdsOf(sub: string, issuer: string, pending: PendingAuthorization, options: DidResolutionOptions): Promise<string> {
	const host = hostOf(issuer);
	const expected = pending.target.did;
	if (expected !== undefined && sub !== expected) {
		const named = pending.target.handle ?? pending.target.loginHint ?? expected;
		throw new ServiceError('bad-credentials', `You signed in at ${host} as ${sub}, not as ${named} (${expected}): sign in with that account (nothing was stored)`);
	}
	const pdsUrl = requirePdsUrl(await resolveDidDocument(sub, options));
	const trusted = await requireIssuerOfResource(pdsUrl);
	if (trusted !== issuer) {
		throw new ServiceError('bad-answer', `${host} signed in ${sub}, but that account's PDS (${hostOf(pdsUrl)}) trusts ${trusted}: refusing the session`);
	}
	return pdsUrl;
}
