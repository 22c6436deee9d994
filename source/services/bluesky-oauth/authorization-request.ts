/**
 * The first half of a sign-in: a pushed authorization request (PAR, with PKCE S256, a fresh
 * DPoP key and a random state) and the address the user opens. What it returns holds the
 * secrets the second half needs (verifier, key): keep it in memory only.
 */
import {hostOf} from '../http.js';
import {jsonBodyOf, stringField} from './answers.js';
import {authServerFailure} from './auth-server-failure.js';
import {postToAuthServer} from './auth-server-request.js';
import {type DpopPrivateJwk, generateDpopKey} from './dpop-key.js';
import {type LoginTarget} from './login-target.js';
import {defaultScope, loopbackClientId} from './loopback-client.js';
import {type NonceBook} from './nonce-book.js';
import {createPkce, randomState} from './pkce.js';

export interface AuthorizationOptions {
	/** From the loopback receiver: http://127.0.0.1:PORT/callback. */
	redirectUri: string;
	/** Default `atproto transition:generic`. */
	scope?: string;
}

export interface PendingAuthorization {
	/** The address to open in a browser: safe to print (it carries only the request_uri). */
	authorizationUrl: string;
	state: string;
	redirectUri: string;
	clientId: string;
	scope: string;
	target: LoginTarget;
	/** Secret. */
	codeVerifier: string;
	/** Secret. */
	dpopKey: DpopPrivateJwk;
	/** When the pushed request stops being usable (local epoch ms). */
	expiresAt: number;
}

export async function startAuthorization(target: LoginTarget, nonces: NonceBook, options: AuthorizationOptions): Promise<PendingAuthorization> {
	const scope = options.scope ?? defaultScope;
	const clientId = loopbackClientId(scope, options.redirectUri);
	const pkce = createPkce();
	const state = randomState();
	const dpopKey = generateDpopKey();
	const {server} = target;
	const form: Record<string, string> = {
		client_id: clientId,
		response_type: 'code',
		redirect_uri: options.redirectUri,
		scope,
		state,
		code_challenge: pkce.challenge,
		code_challenge_method: pkce.method,
		...(target.loginHint === undefined ? {} : {login_hint: target.loginHint}),
	};
	const answer = await postToAuthServer(server.parEndpoint, form, dpopKey, nonces);
	if (answer.status !== 201 && answer.status !== 200) throw authServerFailure(answer, server.parEndpoint, 'pushed authorization request', [pkce.verifier]);
	const host = hostOf(server.parEndpoint);
	const body = jsonBodyOf(answer, host, 'a PAR answer');
	const requestUri = stringField(body, 'request_uri', host, 'a PAR answer');
	const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
	const address = new URL(server.authorizationEndpoint);
	address.searchParams.set('client_id', clientId);
	address.searchParams.set('request_uri', requestUri);
	return {
		authorizationUrl: address.href,
		state,
		redirectUri: options.redirectUri,
		clientId,
		scope,
		target,
		codeVerifier: pkce.verifier,
		dpopKey,
		expiresAt: answer.receivedAt + expiresIn * 1000,
	};
}
